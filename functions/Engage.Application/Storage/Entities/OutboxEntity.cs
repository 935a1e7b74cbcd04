namespace Engage.Application.Storage.Entities;

/// <summary>
/// An outbox row, written in the same transaction as the state change it reports, in that partition:
/// RowKey <c>o|{id}</c>. The DispatchOutbox function applies its follow-up work and deletes it.
/// </summary>
public sealed class OutboxEntity : EntityBase
{
    /// <summary>Event type, for example <c>content.imported</c>.</summary>
    public string Type { get; set; } = string.Empty;
    /// <summary>Event id (stable across retries).</summary>
    public string EventId { get; set; } = string.Empty;
    /// <summary>When the change happened (UTC).</summary>
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Source id.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>Thread id.</summary>
    public string? ThreadId { get; set; }
    /// <summary>RowKey of the thread head.</summary>
    public string? ThreadRowKey { get; set; }
    /// <summary>Resource type (content, intervention, identity).</summary>
    public string ResourceType { get; set; } = string.Empty;
    /// <summary>Resource id.</summary>
    public string ResourceId { get; set; } = string.Empty;
    /// <summary>Thread sequence after the change.</summary>
    public long Sequence { get; set; }
    /// <summary>Acting user, if any.</summary>
    public string? UserId { get; set; }
    /// <summary>The intervention the same transaction wrote, if any: the dispatcher brings its list row up to date.</summary>
    public string? InterventionId { get; set; }
    /// <summary>The resource's event metadata as committed (JSON), when the transaction wrote the resource; else read at dispatch.</summary>
    public string? MetadataJson { get; set; }
    /// <summary>
    /// True once the work queued with the row is done (the reply was posted or failed for good): the row then only
    /// waits for the outbox dispatcher. Reply rows start false; tells the sweeper which queue to announce a row to.
    /// </summary>
    public bool WorkDone { get; set; }
    /// <summary>Further events of the same transaction (JSON array of <see cref="Events.FollowUpEvent"/>), or null.</summary>
    public string? FollowUpEventsJson { get; set; }
}
