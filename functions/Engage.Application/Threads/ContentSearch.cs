using System.Globalization;
using Azure.Data.Tables;
using Engage.Application.Identities;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.Application.Threads;

/// <summary>A page of contents: the total that matches, the page, and the cursor of the next page.</summary>
public sealed record ContentPage(long Count, IReadOnlyList<ContentEntity> Records, string? NextCursor);

/// <summary>
/// <c>GET /1.0/contents</c> with <c>q</c>, <c>updated_since</c> and <c>cursor</c> (issue 7; costs in
/// docs/search.md). Contents live in their thread's partition, so the query first finds the threads to read:
/// <c>id:</c> (point reads), <c>intervention:</c> (its thread), <c>thread:</c>, or <c>identity:</c> (the threads
/// the identity wrote in, from a scan of its source's thread index), or <c>identity_group:</c> (one point read of the
/// group, then as <c>identity:</c> for each of its identities). Order: creation time, then the thread
/// sequence, then the id; a cursor resumes after that key, so contents added meanwhile never shift a page.
/// </summary>
public sealed class ContentSearch(EngageStorage storage, ThreadQueries threads, ThreadPartition partition, IdentityStore identities, IdentityGroups.IdentityGroupStore groups)
{
    /// <summary>The list name in cursors.</summary>
    public const string ListName = "contents";

    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>Contents matching <paramref name="filter"/> on sources <paramref name="canRead"/> allows, changed at or after <paramref name="updatedSince"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ContentPage> ListAsync(Func<string, bool> canRead, ContentFilter filter, Paging paging, DateTimeOffset? updatedSince, CancellationToken cancellationToken)
    {
        var filterDigest = PageCursor.FilterDigest(filter.Query.Canonical, updatedSince?.ToString("O"));
        var cursor = paging.DecodeCursor(ListName, filter.OrderName, filterDigest);
        if (cursor is not null && (cursor.Position.Count != 3 || !long.TryParse(cursor.Position[0], out _) || !long.TryParse(cursor.Position[1], out _)))
        {
            throw EngageException.Unprocessable("invalid_cursor", "cursor is invalid: it was not answered by this API.");
        }
        if (filter.GroupIds is { Count: > 0 } groupIds)
        {
            var found = await Task.WhenAll(groupIds.Select(g => groups.FindAsync(g, cancellationToken)));
            filter.GroupMembers = found.OfType<IdentityGroupEntity>()
                .ToDictionary(g => g.Id, g => (IReadOnlySet<string>)IdentityGroups.IdentityGroupStore.MembersOf(g).Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        }
        bool Keep(ContentEntity c) => canRead(c.SourceId) && filter.Matches(Fields(c)) && (updatedSince is null || c.UpdatedAt >= updatedSince);
        var take = paging.Offset + paging.Limit + 1;

        List<ContentEntity> matches;
        long count;
        var ids = filter.ValuesOf("id");
        if (ids.Count > 0)
        {
            var found = await Task.WhenAll(ids.Select(id => threads.FindContentAsync(id, cancellationToken)));
            matches = Sorted(found.OfType<ContentEntity>().Where(Keep), filter.Descending);
            count = matches.Count;
            matches = AfterCursor(matches, cursor, filter.Descending).Skip(paging.Offset).Take(paging.Limit + 1).ToList();
        }
        else
        {
            var heads = (await ThreadsToReadAsync(filter, cancellationToken)).Where(h => canRead(h.SourceId)).ToList();
            var plain = heads.Count == 1 && filter.Query.Terms.All(t => t.Keyword == "thread" && !t.Negated) && updatedSince is null;
            if (plain)
            {
                // The common bot call (q=thread:"id"): the thread's counter and one range read.
                count = heads[0].ContentsCount;
                matches = await ReadThreadAsync(heads[0], filter.Descending, cursor, updatedSince: null, keep: null, take, cancellationToken);
                matches = matches.Skip(paging.Offset).ToList();
            }
            else
            {
                var all = await Task.WhenAll(heads.Select(h => ReadThreadAsync(h, filter.Descending, after: null, updatedSince, Keep, int.MaxValue, cancellationToken)));
                var merged = Sorted(all.SelectMany(l => l), filter.Descending);
                count = merged.Count;
                matches = AfterCursor(merged, cursor, filter.Descending).Skip(paging.Offset).Take(paging.Limit + 1).ToList();
            }
        }
        var more = matches.Count > paging.Limit;
        if (more) matches.RemoveAt(matches.Count - 1);
        var next = more ? new PageCursor(ListName, filter.OrderName, Position(matches[^1]), Filter: filterDigest).Encode() : null;
        return new ContentPage(count, matches, next);
    }

    /// <summary>The fields <see cref="ContentFilter"/> reads.</summary>
    public static ContentSearchFields Fields(ContentEntity c) => new(c.Id, c.ThreadId, c.SourceId, c.AuthorId, c.Status, c.InterventionId, c.Body);

    // Creation ticks, thread sequence, id: the ascending key of a content within its thread.
    private static string[] Position(ContentEntity c) =>
        [c.CreatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture), c.Sequence.ToString("D12", CultureInfo.InvariantCulture), c.Id];

    private static string SortKey(ContentEntity c) => string.Join('|', Position(c));

    private static List<ContentEntity> Sorted(IEnumerable<ContentEntity> contents, bool descending) =>
        descending ? contents.OrderByDescending(SortKey, StringComparer.Ordinal).ToList() : contents.OrderBy(SortKey, StringComparer.Ordinal).ToList();

    private static IEnumerable<ContentEntity> AfterCursor(IEnumerable<ContentEntity> sorted, PageCursor? cursor, bool descending)
    {
        if (cursor is null) return sorted;
        var key = string.Join('|', cursor.Position);
        return sorted.Where(c => descending ? string.CompareOrdinal(SortKey(c), key) < 0 : string.CompareOrdinal(SortKey(c), key) > 0);
    }

    // The threads the narrowing keywords name: intervention, then thread, then identity (the predicate checks the rest).
    private async Task<IReadOnlyList<ThreadEntity>> ThreadsToReadAsync(ContentFilter filter, CancellationToken cancellationToken)
    {
        var threadIds = new List<string>();
        if (filter.ValuesOf("intervention") is { Count: > 0 } interventionIds)
        {
            var found = await Task.WhenAll(interventionIds.Select(id => partition.FindInterventionAsync(id, cancellationToken)));
            threadIds.AddRange(found.OfType<InterventionEntity>().Select(v => v.ThreadId));
        }
        else if (filter.ValuesOf("thread") is { Count: > 0 } named)
        {
            threadIds.AddRange(named);
        }
        else
        {
            var authors = filter.ValuesOf("identity").Concat(filter.ValuesOf("identity_group").SelectMany(g => filter.GroupMembers.GetValueOrDefault(g) ?? new HashSet<string>()));
            foreach (var identityId in authors.Distinct(StringComparer.Ordinal))
            {
                threadIds.AddRange(await ThreadsOfIdentityAsync(identityId, cancellationToken));
            }
        }
        var heads = await Task.WhenAll(threadIds.Distinct(StringComparer.Ordinal).Select(id => threads.FindThreadAsync(id, cancellationToken)));
        return heads.OfType<ThreadEntity>().ToList();
    }

    // The threads an identity wrote in: one scan of its source's live index rows, filtered on their author list.
    private async Task<IEnumerable<string>> ThreadsOfIdentityAsync(string identityId, CancellationToken cancellationToken)
    {
        var identity = await identities.FindByIdAsync(identityId, cancellationToken);
        if (identity is null) return [];
        var prefix = ThreadKeys.IndexPrefix;
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {identity.SourceId} and RowKey gt {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        var result = new List<string>();
        await foreach (var row in storage.Table(StorageNames.ThreadIndexTable).QueryAsync<ThreadIndexEntity>(query, select: ["TargetId", "AuthorIds"], cancellationToken: cancellationToken))
        {
            if (row.AuthorIds.Split(' ').Contains(identityId, StringComparer.Ordinal)) result.Add(row.TargetId);
        }
        return result;
    }

    // Contents of one thread in order, after a cursor position, passing `keep`; at most `take`.
    private async Task<List<ContentEntity>> ReadThreadAsync(ThreadEntity head, bool descending, PageCursor? after, DateTimeOffset? updatedSince, Func<ContentEntity, bool>? keep, int take, CancellationToken cancellationToken)
    {
        var prefix = descending ? ThreadKeys.DescendingPrefix(head.Id) : ThreadKeys.AscendingPrefix(head.Id);
        var from = prefix;
        if (after is not null)
        {
            var ticks = long.Parse(after.Position[0], CultureInfo.InvariantCulture);
            var sequence = long.Parse(after.Position[1], CultureInfo.InvariantCulture);
            var at = new DateTimeOffset(Math.Clamp(ticks, DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
            from = descending ? ThreadKeys.Descending(head.Id, at, sequence, after.Position[2]) : ThreadKeys.Ascending(head.Id, at, sequence, after.Position[2]);
        }
        var filter = updatedSince is { } since
            ? TableClient.CreateQueryFilter($"PartitionKey eq {head.PartitionKey} and RowKey gt {from} and RowKey lt {TableKeys.PrefixEnd(prefix)} and UpdatedAt ge {since}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {head.PartitionKey} and RowKey gt {from} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        var result = new List<ContentEntity>();
        await foreach (var row in Threads.QueryAsync<ContentEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken))
        {
            if (keep is not null && !keep(row)) continue;
            result.Add(row);
            if (result.Count == take) break;
        }
        return result;
    }
}
