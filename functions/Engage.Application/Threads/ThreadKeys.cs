using Engage.Application.Storage;
using Engage.Domain.Ids;

namespace Engage.Application.Threads;

/// <summary>Row keys of a thread's partition in table <c>Threads</c> (docs/table-design.md).</summary>
public static class ThreadKeys
{
    /// <summary>Partition of a thread: bucket of (source id, foreign thread id).</summary>
    public static string Partition(string sourceId, string foreignThreadId) => EngageId.BucketOf(sourceId, foreignThreadId);

    /// <summary>The thread head, addressed by the foreign id (what the Send API knows).</summary>
    public static string Head(string sourceId, string foreignThreadId) => TableKeys.Join("h", sourceId, TableKeys.Escape(foreignThreadId));

    /// <summary>Prefix of the placeholder foreign id of a thread we start, until the bridge names it.</summary>
    public const string PlaceholderPrefix = "engage:";

    /// <summary>
    /// The foreign id a thread we start carries until the bridge answers <c>threads.create</c>:
    /// <c>engage:{nonce}</c>, with a fresh random id as the nonce, so its partition is random too.
    /// </summary>
    public static string Placeholder(string nonce) => PlaceholderPrefix + nonce;

    /// <summary>True for a placeholder foreign id (see <see cref="Placeholder"/>).</summary>
    public static bool IsPlaceholder(string foreignThreadId) => foreignThreadId.StartsWith(PlaceholderPrefix, StringComparison.Ordinal);

    /// <summary>Pointer from our thread id to its head.</summary>
    public static string ThreadPointer(string threadId) => TableKeys.Join("t", threadId);

    /// <summary>Pointer from a content id to its row.</summary>
    public static string ContentPointer(string contentId) => TableKeys.Join("k", contentId);

    /// <summary>Dedupe row of a foreign message id.</summary>
    public static string Dedupe(string sourceId, string foreignMessageId) => TableKeys.Join("f", sourceId, TableKeys.Escape(foreignMessageId));

    /// <summary>Prefix of a thread's contents, oldest first.</summary>
    public static string AscendingPrefix(string threadId) => TableKeys.Join("c", threadId, string.Empty);

    /// <summary>Prefix of a thread's contents, newest first.</summary>
    public static string DescendingPrefix(string threadId) => TableKeys.Join("d", threadId, string.Empty);

    /// <summary>A content's oldest-first row.</summary>
    public static string Ascending(string threadId, DateTimeOffset createdAt, long sequence, string contentId) =>
        AscendingPrefix(threadId) + TableKeys.Join(TableKeys.OldestFirst(createdAt), sequence.ToString("D12"), contentId);

    /// <summary>A content's newest-first row.</summary>
    public static string Descending(string threadId, DateTimeOffset createdAt, long sequence, string contentId) =>
        DescendingPrefix(threadId) + TableKeys.Join(TableKeys.NewestFirst(createdAt), (long.MaxValue / 10 - sequence).ToString("D18"), contentId);

    /// <summary>An outbox row.</summary>
    public static string Outbox(string eventId) => TableKeys.Join("o", eventId);

    /// <summary>The event id of an outbox RowKey (<see cref="Outbox"/> backwards).</summary>
    public static string EventIdOfOutbox(string rowKey) => rowKey["o|".Length..];

    /// <summary>A thread's row in <c>ThreadIndex</c>: newest last content first, id as tie-break.</summary>
    public static string IndexRow(DateTimeOffset lastContentAt, string threadId) => TableKeys.Join("a", TableKeys.NewestFirst(lastContentAt), threadId);

    /// <summary>Prefix of the index rows in a <c>ThreadIndex</c> partition.</summary>
    public const string IndexPrefix = "a|";

    /// <summary>Membership marker of a thread in its source's index partition (counted once).</summary>
    public static string Member(string threadId) => TableKeys.Join("m", threadId);
}
