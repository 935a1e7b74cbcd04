using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Ids;

namespace Engage.Application.Threads;

/// <summary>Reads threads and contents for the REST API. Costs per call: docs/table-design.md.</summary>
public sealed class ThreadQueries(EngageStorage storage)
{
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>One thread by id (two point reads), or null.</summary>
    public async Task<ThreadEntity?> FindThreadAsync(string id, CancellationToken cancellationToken)
    {
        if (!EngageIdGuard.IsId(id)) return null;
        var partition = EngageId.BucketOfId(id);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ThreadPointer(id), cancellationToken);
        var head = pointer is null ? null : await Threads.FindAsync<ThreadEntity>(partition, pointer.TargetRowKey, cancellationToken);
        // An alias here means the thread was merged into one we started, just now: it is gone.
        return head is { IsAlias: false } ? head : null;
    }

    /// <summary>
    /// Threads of <paramref name="sourceIds"/> by last content, newest first: merges the sources' index
    /// partitions (at most offset+limit rows each), then reads the page's heads in parallel. A row left behind by
    /// a racing update (its head points elsewhere) is skipped.
    /// </summary>
    public async Task<(long Count, IReadOnlyList<ThreadEntity> Page)> ListThreadsAsync(IReadOnlyList<string> sourceIds, int offset, int limit, CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var (count, rows) = await Counters.MergedPageAsync(index, sourceIds, ThreadKeys.IndexPrefix, offset, limit, cancellationToken);
        var heads = await Task.WhenAll(rows.Select(r => Threads.FindAsync<ThreadEntity>(r.TargetPartitionKey!, r.TargetRowKey, cancellationToken)));
        var page = new List<ThreadEntity>(heads.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < heads.Length; i++)
        {
            if (heads[i] is { } head && head.IndexRowKey == rows[i].RowKey && seen.Add(head.Id)) page.Add(head);
        }
        return (count, page);
    }

    /// <summary>One content by id (two point reads), or null.</summary>
    public async Task<ContentEntity?> FindContentAsync(string id, CancellationToken cancellationToken)
    {
        if (!EngageIdGuard.IsId(id)) return null;
        var partition = EngageId.BucketOfId(id);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ContentPointer(id), cancellationToken);
        return pointer is null ? null : await Threads.FindAsync<ContentEntity>(partition, pointer.TargetRowKey, cancellationToken);
    }

    /// <summary>A page of a thread's contents in creation order (one range read of at most offset+limit rows).</summary>
    public async Task<IReadOnlyList<ContentEntity>> ListContentsAsync(ThreadEntity thread, bool descending, int offset, int limit, CancellationToken cancellationToken)
    {
        var prefix = descending ? ThreadKeys.DescendingPrefix(thread.Id) : ThreadKeys.AscendingPrefix(thread.Id);
        var rows = await Threads.RangeAsync<ContentEntity>(thread.PartitionKey, prefix, offset + limit, cancellationToken);
        return rows.Skip(offset).ToList();
    }
}
