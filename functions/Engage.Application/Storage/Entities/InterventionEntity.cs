namespace Engage.Application.Storage.Entities;

/// <summary>
/// An intervention (an agent's or bot's engagement on a thread). Table <c>Threads</c>, in its thread's partition,
/// RowKey <c>v|{id}</c>, so opening, replying and closing change it in the same transaction as the thread and its
/// contents. Reply metrics are in seconds.
/// </summary>
public sealed class InterventionEntity : EntityBase
{
    /// <summary>24-hex id; characters 8..16 are the thread's bucket.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Thread id.</summary>
    public string ThreadId { get; set; } = string.Empty;
    /// <summary>RowKey of the thread head.</summary>
    public string ThreadRowKey { get; set; } = string.Empty;
    /// <summary>Source id.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>The content it was opened on.</summary>
    public string ContentId { get; set; } = string.Empty;
    /// <summary>The customer's identity (author of that content).</summary>
    public string IdentityId { get; set; } = string.Empty;
    /// <summary>The agent or bot in charge.</summary>
    public string UserId { get; set; } = string.Empty;
    /// <summary>Stable machine word: opened, reopened, closing, closed, canceled.</summary>
    public string Status { get; set; } = InterventionStatus.Opened;
    /// <summary>Disposition categories, JSON array.</summary>
    public string CategoryIdsJson { get; set; } = "[]";
    /// <summary>Categories asked for by a close in progress, JSON array, or null.</summary>
    public string? PendingCategoryIdsJson { get; set; }
    /// <summary>Custom field values, JSON object of key to string or array of strings.</summary>
    public string CustomFieldsJson { get; set; } = "{}";
    /// <summary>Comments on it.</summary>
    public int CommentsCount { get; set; }
    /// <summary>Agent replies made under it.</summary>
    public int UserRepliesCount { get; set; }
    /// <summary>The first agent reply.</summary>
    public string? FirstUserReplyId { get; set; }
    /// <summary>Seconds from opening to the first agent reply.</summary>
    public long? FirstUserReplyIn { get; set; }
    /// <summary>Seconds from the customer message to the last agent reply.</summary>
    public long? LastUserReplyIn { get; set; }
    /// <summary>Sum of reply delays in seconds, for the average.</summary>
    public long UserReplyInTotal { get; set; }
    /// <summary>Number of reply delays summed.</summary>
    public int UserReplyInAverageCount { get; set; }
    /// <summary>When the newest customer message under it arrived (reply delays count from there).</summary>
    public DateTimeOffset? AwaitingSince { get; set; }
    /// <summary>Closing time (UTC).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped by every committed write (see <see cref="Interventions.InterventionIndex"/>): orders copies of it.</summary>
    public long Version { get; set; }
}

/// <summary>Intervention status words (stable in JSON, never localised).</summary>
public static class InterventionStatus
{
    /// <summary>Open, first time.</summary>
    public const string Opened = "opened";
    /// <summary>Open again after a close.</summary>
    public const string Reopened = "reopened";
    /// <summary>A close was accepted and the disposition workflow is running.</summary>
    public const string Closing = "closing";
    /// <summary>Closed with its disposition.</summary>
    public const string Closed = "closed";
    /// <summary>Canceled before any agent reply.</summary>
    public const string Canceled = "canceled";

    /// <summary>True for opened and reopened.</summary>
    public static bool IsOpen(string status) => status is Opened or Reopened;
}
