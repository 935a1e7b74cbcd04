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

    /// <summary>One content by id (two point reads), or null.</summary>
    public async Task<ContentEntity?> FindContentAsync(string id, CancellationToken cancellationToken)
    {
        if (!EngageIdGuard.IsId(id)) return null;
        var partition = EngageId.BucketOfId(id);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ContentPointer(id), cancellationToken);
        return pointer is null ? null : await Threads.FindAsync<ContentEntity>(partition, pointer.TargetRowKey, cancellationToken);
    }
}
