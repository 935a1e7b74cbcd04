using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Search;

namespace Engage.Application.Threads;

/// <summary>Builds <c>ThreadIndex</c> rows from a head, and reads them back as search fields.</summary>
public static class ThreadIndexRows
{
    /// <summary>Prefix of trail rows: where a thread was before it moved (docs/search.md, "Cursors").</summary>
    public const string TrailPrefix = "g|";

    /// <summary>The trail RowKey of a live RowKey (<c>a|x</c> becomes <c>g|x</c>).</summary>
    public static string TrailKey(string liveRowKey) => TrailPrefix + liveRowKey[ThreadKeys.IndexPrefix.Length..];

    /// <summary>Prefix of claim rows: a place in the list some move of the thread has taken (see <c>ThreadStore.MoveIndexAsync</c>).</summary>
    public const string ClaimPrefix = "r|";

    /// <summary>The claim row of a live RowKey, stamped with when the place became live (for pruning).</summary>
    public static ThreadIndexEntity Claim(string sourceId, string liveRowKey, DateTimeOffset liveSince) => new()
    {
        PartitionKey = sourceId,
        RowKey = ClaimPrefix + liveRowKey[ThreadKeys.IndexPrefix.Length..],
        LiveSince = liveSince,
        MovedAt = liveSince,
    };

    /// <summary>The thread's live row as its head says (<see cref="ThreadEntity.IndexRowKey"/> must be set).</summary>
    public static ThreadIndexEntity Live(ThreadEntity head)
    {
        var row = Copy(head, head.IndexRowKey!);
        row.LiveSince = head.IndexLiveSince ?? head.CreatedAt;
        return row;
    }

    /// <summary>The trail row left at <paramref name="previous"/> when the thread moved at <paramref name="movedAt"/>.</summary>
    public static ThreadIndexEntity Trail(ThreadEntity head, IndexPosition previous, DateTimeOffset movedAt)
    {
        var row = Copy(head, TrailKey(previous.RowKey));
        row.LiveSince = previous.LiveSince;
        row.MovedAt = movedAt;
        return row;
    }

    /// <summary>True when both rows carry the same searchable state and place.</summary>
    public static bool SameSearchState(ThreadIndexEntity a, ThreadIndexEntity b) =>
        a.RowKey == b.RowKey && a.TargetRowKey == b.TargetRowKey && a.Closed == b.Closed && a.CategoryIds == b.CategoryIds
        && a.AuthorIds == b.AuthorIds && a.ActiveUserId == b.ActiveUserId && a.Title == b.Title && a.Language == b.Language
        && a.FirstContentAt == b.FirstContentAt && a.LastContentAt == b.LastContentAt && a.UpdatedAt == b.UpdatedAt
        && a.ForeignId == b.ForeignId && a.LiveSince == b.LiveSince;

    /// <summary>The search fields of an index row.</summary>
    public static ThreadSearchFields Fields(ThreadIndexEntity row) => new(
        row.TargetId,
        row.PartitionKey,
        row.ForeignId,
        row.Title,
        row.Closed,
        Split(row.CategoryIds),
        Split(row.AuthorIds),
        row.ActiveUserId,
        row.Language,
        row.FirstContentAt,
        row.LastContentAt);

    private static ThreadIndexEntity Copy(ThreadEntity head, string rowKey) => new()
    {
        PartitionKey = head.SourceId,
        RowKey = rowKey,
        TargetId = head.Id,
        TargetPartitionKey = head.PartitionKey,
        TargetRowKey = head.RowKey,
        ForeignId = head.ForeignId,
        Title = head.Title,
        Closed = head.Closed,
        CategoryIds = string.Join(' ', System.Text.Json.JsonSerializer.Deserialize<List<string>>(head.CategoryIdsJson) ?? []),
        AuthorIds = head.AuthorIds,
        ActiveUserId = head.ActiveUserId,
        Language = head.Language,
        FirstContentAt = head.FirstContentAt,
        LastContentAt = head.LastContentAt,
        UpdatedAt = head.UpdatedAt,
    };

    private static string[] Split(string joined) => joined.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
