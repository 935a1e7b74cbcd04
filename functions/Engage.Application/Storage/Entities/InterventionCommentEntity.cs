namespace Engage.Application.Storage.Entities;

/// <summary>
/// A comment on an intervention (an internal note between agents). Table <c>Threads</c>, in the thread's
/// partition, RowKey <c>n|{id}</c>; added in one transaction with its intervention's <c>comments_count</c>.
/// </summary>
public sealed class InterventionCommentEntity : EntityBase
{
    /// <summary>24-hex id; characters 8..16 are the thread's bucket.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Intervention id.</summary>
    public string InterventionId { get; set; } = string.Empty;
    /// <summary>Thread id.</summary>
    public string ThreadId { get; set; } = string.Empty;
    /// <summary>Source id (for read permissions).</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>Author.</summary>
    public string UserId { get; set; } = string.Empty;
    /// <summary>Text.</summary>
    public string Body { get; set; } = string.Empty;
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
