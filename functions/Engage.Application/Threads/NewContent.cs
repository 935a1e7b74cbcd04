namespace Engage.Application.Threads;

/// <summary>
/// A content to append to a thread, as the Send API (or a later reply path) describes it. Times are UTC.
/// <paramref name="ForeignThreadId"/> and <paramref name="ForeignId"/> are the third party's ids.
/// </summary>
public sealed record NewContent(
    string SourceId,
    string SourceType,
    string ForeignThreadId,
    string? ThreadTitle,
    string ForeignId,
    string AuthorId,
    string Body,
    string BodyInputFormat,
    string? InReplyToForeignId,
    bool PrivateMessage,
    IReadOnlyList<string> ForeignCategories,
    string? ContextDataJson,
    string? Language,
    int AttachmentsCount,
    DateTimeOffset CreatedAt);

/// <summary>What appending did: the thread and content ids, and whether the content already existed.</summary>
public sealed record AppendResult(string ThreadId, string ContentId, bool Duplicate);
