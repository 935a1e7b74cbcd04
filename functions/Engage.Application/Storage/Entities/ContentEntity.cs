using System.Runtime.Serialization;

namespace Engage.Application.Storage.Entities;

/// <summary>
/// A content. Table <c>Threads</c>, in its thread's partition, stored twice in one transaction: RowKey
/// <c>c|{thread}|{ticks}|{id}</c> (oldest first) and <c>d|{thread}|{inverted ticks}|{id}</c> (newest first), so
/// both orders of a thread's history are a single range read. The body is split over two properties because a
/// 20,000-character body can hold 40,000 UTF-16 units, more than one property takes.
/// </summary>
public sealed class ContentEntity : EntityBase
{
    /// <summary>Largest part of the body per property, in UTF-16 units.</summary>
    public const int BodyPartLength = 30_000;

    /// <summary>24-hex id; characters 8..16 are the thread's bucket.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Thread id.</summary>
    public string ThreadId { get; set; } = string.Empty;
    /// <summary>Source id.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>Source type.</summary>
    public string SourceType { get; set; } = string.Empty;
    /// <summary>Author identity id.</summary>
    public string AuthorId { get; set; } = string.Empty;
    /// <summary>First part of the body.</summary>
    public string Body0 { get; set; } = string.Empty;
    /// <summary>Rest of the body, if any.</summary>
    public string? Body1 { get; set; }
    /// <summary><c>html</c> or <c>text</c>.</summary>
    public string BodyInputFormat { get; set; } = "html";
    /// <summary>Our id of the replied content, when known.</summary>
    public string? InReplyToId { get; set; }
    /// <summary>The replied content's author identity id, when known.</summary>
    public string? InReplyToAuthorId { get; set; }
    /// <summary>Private message flag.</summary>
    public bool PrivateMessage { get; set; }
    /// <summary>Status (new, assigned, replied, ...).</summary>
    public string Status { get; set; } = "new";
    /// <summary>Id on the third-party platform.</summary>
    public string? ForeignId { get; set; }
    /// <summary>Category ids set on this content, JSON array.</summary>
    public string CategoryIdsJson { get; set; } = "[]";
    /// <summary>Categories sent by the source, JSON array.</summary>
    public string ForeignCategoriesJson { get; set; } = "[]";
    /// <summary>Context data, JSON object or null.</summary>
    public string? ContextDataJson { get; set; }
    /// <summary>Language code.</summary>
    public string? Language { get; set; }
    /// <summary>Number of attachments.</summary>
    public int AttachmentsCount { get; set; }
    /// <summary>First content of its thread.</summary>
    public bool FirstInThread { get; set; }
    /// <summary>Where it came from: <c>synchronizer</c> for imports.</summary>
    public string CreatedFrom { get; set; } = "synchronizer";
    /// <summary>Outbound synchronisation status, null for imports.</summary>
    public string? SynchronizationStatus { get; set; }
    /// <summary>The intervention this content belongs to, if any.</summary>
    public string? InterventionId { get; set; }
    /// <summary>The user who wrote it through the API (agent or bot), if any.</summary>
    public string? CreatorId { get; set; }
    /// <summary>Outbound attempts recorded before each post (at most 3).</summary>
    public int SynchronizationAttempts { get; set; }
    /// <summary>Why the last outbound attempt failed, if it did.</summary>
    public string? SynchronizationError { get; set; }
    /// <summary>Sequence number within the thread.</summary>
    public long Sequence { get; set; }
    /// <summary>Creation time (UTC), as the source dated it.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A copy of this row under another RowKey (the second order of the same content).</summary>
    public ContentEntity WithRowKey(string rowKey)
    {
        var copy = (ContentEntity)MemberwiseClone();
        copy.RowKey = rowKey;
        copy.ETag = default;
        return copy;
    }

    /// <summary>The whole body.</summary>
    [IgnoreDataMember]
    public string Body
    {
        get => Body0 + Body1;
        set
        {
            var split = value.Length <= BodyPartLength ? value.Length : BodyPartLength - (char.IsHighSurrogate(value[BodyPartLength - 1]) ? 1 : 0);
            Body0 = value[..split];
            Body1 = split < value.Length ? value[split..] : null;
        }
    }
}
