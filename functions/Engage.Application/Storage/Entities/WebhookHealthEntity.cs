namespace Engage.Application.Storage.Entities;

/// <summary>
/// An endpoint's recent outcomes and its auto-disable state (table <c>WebhookDeliveries</c>, PartitionKey the webhook
/// id, RowKey <c>health</c>). Kept apart from the webhook's own row, so deliveries never contend with its owner's edits.
/// </summary>
public sealed class WebhookHealthEntity : EntityBase
{
    /// <summary>The RowKey.</summary>
    public const string Key = "health";

    /// <summary>Recent outcomes, JSON array of <c>[unix milliseconds, ok]</c>, trimmed to the window and at most 200.</summary>
    public string OutcomesJson { get; set; } = "[]";
    /// <summary>True while deliveries are held back.</summary>
    public bool Disabled { get; set; }
    /// <summary>Why it was disabled.</summary>
    public string? DisabledReason { get; set; }
    /// <summary>When it was disabled (UTC).</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>When the next probe is due (UTC).</summary>
    public DateTimeOffset? NextProbeAt { get; set; }
    /// <summary>When it was last re-enabled (UTC).</summary>
    public DateTimeOffset? ReenabledAt { get; set; }
    /// <summary>Deliveries that answered 2xx, ever.</summary>
    public long DeliveredCount { get; set; }
    /// <summary>Attempts that failed, ever.</summary>
    public long FailedCount { get; set; }
}
