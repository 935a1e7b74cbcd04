using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.Application.Threads;

/// <summary>A page of threads: the total that matches, the page's heads, and the cursor of the next page.</summary>
public sealed record ThreadPage(long Count, IReadOnlyList<ThreadEntity> Records, string? NextCursor);

/// <summary>
/// <c>GET /1.0/content_threads</c> with <c>q</c>, <c>updated_since</c> and <c>cursor</c> (issue 7; costs and
/// semantics in docs/search.md). Lists newest activity first from the sources' <c>ThreadIndex</c> partitions:
/// without filters, a page costs its rows plus one counter read per source; with filters, one scan of each
/// source's live rows (<c>count</c> needs every match). A cursor walk is a snapshot taken when its first page
/// was served: every thread listed then is seen exactly once, even when threads move between pages.
/// </summary>
public sealed class ThreadSearch(EngageStorage storage, TimeProvider time)
{
    /// <summary>The list name in cursors.</summary>
    public const string ListName = "content_threads";

    /// <summary>The only order served.</summary>
    public const string Order = "last_content_at.desc";

    /// <summary>How long a cursor can be resumed; trail rows are kept a little longer (<see cref="ThreadTrailPruner"/>).</summary>
    public static readonly TimeSpan CursorLifetime = TimeSpan.FromHours(24);

    /// <summary>Longer than a committed move takes to reach the index: places left this shortly before a walk's snapshot stay in it.</summary>
    public static readonly TimeSpan SnapshotMargin = TimeSpan.FromSeconds(5);

    private TableClient Index => storage.Table(StorageNames.ThreadIndexTable);
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>Threads of <paramref name="sourceIds"/> matching <paramref name="filter"/> and changed at or after <paramref name="updatedSince"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c> or <c>cursor_expired</c>.</exception>
    public async Task<ThreadPage> ListAsync(IReadOnlyList<string> sourceIds, ThreadFilter filter, Paging paging, DateTimeOffset? updatedSince, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var filterDigest = PageCursor.FilterDigest(filter.Query.Canonical, updatedSince?.ToString("O"));
        var cursor = paging.DecodeCursor(ListName, Order, filterDigest);
        if (cursor is not null && (cursor.Snapshot is not { } taken || cursor.Position.Count != 1 || taken > now + SnapshotMargin))
        {
            throw EngageException.Unprocessable("invalid_cursor", "cursor is invalid: it was not answered by this API.");
        }
        if (cursor?.Snapshot is { } started && now - started > CursorLifetime)
        {
            throw EngageException.Unprocessable("cursor_expired", $"cursor is older than {CursorLifetime.TotalHours:0} hours: start again without it (use updated_since to catch up).");
        }
        var filtered = filter.FiltersBeyondSource || updatedSince is not null;
        bool Matches(ThreadIndexEntity row) => filter.Matches(ThreadIndexRows.Fields(row)) && (updatedSince is null || row.UpdatedAt >= updatedSince);

        var snapshot = cursor?.Snapshot ?? now;
        var served = cursor?.Served?.ToHashSet(StringComparer.Ordinal) ?? [];
        long count;
        List<ThreadIndexEntity> rows;
        if (cursor is not null)
        {
            var countTask = filtered ? CountMatchesAsync(sourceIds, updatedSince, Matches, cancellationToken) : Counters.CountAsync(Index, sourceIds, cancellationToken);
            rows = await WalkAsync(sourceIds, cursor.Position[0], snapshot, r => Matches(r) && !served.Contains(r.TargetId), paging.Limit + 1, cancellationToken);
            count = await countTask;
        }
        else if (filtered)
        {
            // The count needs every match anyway: one scan gives both the count and the page.
            var lists = await Task.WhenAll(sourceIds.Select(s => ReadAsync(s, ThreadKeys.IndexPrefix, after: null, updatedSince, int.MaxValue, Matches, cancellationToken)));
            var all = lists.SelectMany(l => l).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
            count = all.Count;
            rows = all.Skip(paging.Offset).Take(paging.Limit + 1).ToList();
        }
        else
        {
            var countTask = Counters.CountAsync(Index, sourceIds, cancellationToken);
            var take = paging.Offset + paging.Limit + 1;
            var lists = await Task.WhenAll(sourceIds.Select(s => ReadAsync(s, ThreadKeys.IndexPrefix, after: null, updatedSince: null, take, keep: null, cancellationToken)));
            rows = lists.SelectMany(l => l).OrderBy(r => r.RowKey, StringComparer.Ordinal).Skip(paging.Offset).Take(paging.Limit + 1).ToList();
            count = await countTask;
        }
        var more = rows.Count > paging.Limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        var records = await HeadsAsync(rows, cancellationToken);
        // A thread that moved around the snapshot may be met at two places: the walk remembers it once served.
        served.UnionWith(rows.Where(r => Unsettled(r, snapshot)).Select(r => r.TargetId));
        var next = more ? new PageCursor(ListName, Order, [Position(rows[^1])], snapshot, filterDigest, [.. served]).Encode() : null;
        return new ThreadPage(count, records, next);
    }

    // True when the thread of this row moved within the margin around the snapshot: it may have two places in the walk.
    private static bool Unsettled(ThreadIndexEntity r, DateTimeOffset snapshot) =>
        r.LiveSince > snapshot - SnapshotMargin || r.MovedAt <= snapshot;

    // A row's place in the walk: its key without the a| or g| prefix.
    private static string Position(ThreadIndexEntity row) => row.RowKey[2..];

    // Rows after the cursor that were live when the walk started: live rows that were live then, and trail rows
    // the thread left after it. Each thread listed at the snapshot has exactly one such row.
    private async Task<List<ThreadIndexEntity>> WalkAsync(IReadOnlyList<string> sourceIds, string after, DateTimeOffset snapshot, Func<ThreadIndexEntity, bool> matches, int take, CancellationToken cancellationToken)
    {
        // A move is committed a moment before it reaches the index, so a thread that left a place shortly before the
        // snapshot may still have been listed there: such places stay in the walk, and `served` drops the repeats.
        bool LiveAtSnapshot(ThreadIndexEntity r) => r.LiveSince <= snapshot && (r.MovedAt is null || r.MovedAt > snapshot - SnapshotMargin) && matches(r);
        var reads = sourceIds.SelectMany(s => new[] { ThreadKeys.IndexPrefix, ThreadIndexRows.TrailPrefix }.Select(prefix =>
            ReadAsync(s, prefix, after, updatedSince: null, take, LiveAtSnapshot, cancellationToken)));
        var lists = await Task.WhenAll(reads);
        return lists.SelectMany(l => l).OrderBy(Position, StringComparer.Ordinal).ThenBy(r => r.PartitionKey, StringComparer.Ordinal).Take(take).ToList();
    }

    // The first `take` rows of one source under `prefix` (after a position), that pass `keep`; UpdatedAt is also filtered by the service.
    private async Task<List<ThreadIndexEntity>> ReadAsync(string sourceId, string prefix, string? after, DateTimeOffset? updatedSince, int take, Func<ThreadIndexEntity, bool>? keep, CancellationToken cancellationToken)
    {
        var from = after is null ? prefix : prefix + after;
        var filter = updatedSince is { } since
            ? TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey gt {from} and RowKey lt {TableKeys.PrefixEnd(prefix)} and UpdatedAt ge {since}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey gt {from} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        var result = new List<ThreadIndexEntity>();
        // Unfiltered reads ask for just the rows they keep; filtered ones cannot know, so they read full pages.
        var perPage = keep is null ? Math.Clamp(take, 1, 1000) : 1000;
        await foreach (var row in Index.QueryAsync<ThreadIndexEntity>(filter, maxPerPage: perPage, cancellationToken: cancellationToken))
        {
            if (keep is not null && !keep(row)) continue;
            result.Add(row);
            if (result.Count == take) break;
        }
        return result;
    }

    private async Task<long> CountMatchesAsync(IReadOnlyList<string> sourceIds, DateTimeOffset? updatedSince, Func<ThreadIndexEntity, bool> matches, CancellationToken cancellationToken)
    {
        var lists = await Task.WhenAll(sourceIds.Select(s => ReadAsync(s, ThreadKeys.IndexPrefix, after: null, updatedSince, int.MaxValue, matches, cancellationToken)));
        return lists.Sum(l => l.Count);
    }

    // The heads of a page, in order, each thread once. A row stands for its thread wherever the thread is now: a
    // thread that moved since the row was read was still at that row then (claims keep stale rows from coming back).
    private async Task<IReadOnlyList<ThreadEntity>> HeadsAsync(IReadOnlyList<ThreadIndexEntity> rows, CancellationToken cancellationToken)
    {
        var heads = await Task.WhenAll(rows.Select(r => Threads.FindAsync<ThreadEntity>(r.TargetPartitionKey!, r.TargetRowKey, cancellationToken)));
        var page = new List<ThreadEntity>(heads.Length);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < heads.Length; i++)
        {
            if (heads[i] is not { IsAlias: false } head || head.Id != rows[i].TargetId) continue;
            if (seen.Add(head.Id)) page.Add(head);
        }
        return page;
    }
}
