namespace Engage.Application.Storage.Entities;

/// <summary>
/// One intervention in the cross-thread list (table <c>InterventionIndex</c>): PartitionKey source id, RowKey
/// <c>c|{inverted created_at ticks}|{intervention id}</c>, so a source's interventions read newest first. It copies
/// the fields the list filters and sorts on; the intervention row in <c>Threads</c> stays the truth.
/// </summary>
public sealed class InterventionIndexEntity : EntityBase
{
    /// <summary>Intervention id.</summary>
    public string InterventionId { get; set; } = string.Empty;
    /// <summary>Thread id.</summary>
    public string ThreadId { get; set; } = string.Empty;
    /// <summary>The agent or bot in charge.</summary>
    public string UserId { get; set; } = string.Empty;
    /// <summary>The customer's identity.</summary>
    public string IdentityId { get; set; } = string.Empty;
    /// <summary>Status word (see <see cref="InterventionStatus"/>).</summary>
    public string Status { get; set; } = string.Empty;
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The intervention's <see cref="InterventionEntity.Version"/> this row copies; an older copy never overwrites a newer one.</summary>
    public long Version { get; set; }
}
