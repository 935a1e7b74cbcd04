namespace Engage.Application.Storage.Entities;

/// <summary>
/// One attempt of a delivery, for the delivery log (table <c>WebhookDeliveries</c>, PartitionKey the webhook id,
/// RowKey <c>a|{inverted ticks}|{delivery id}|{attempt}</c>: newest first). Written with the delivery's outcome.
/// </summary>
public sealed class WebhookAttemptEntity : EntityBase
{
    /// <summary>Delivery id.</summary>
    public string DeliveryId { get; set; } = string.Empty;
    /// <summary>Event id.</summary>
    public string EventId { get; set; } = string.Empty;
    /// <summary>Event type.</summary>
    public string EventType { get; set; } = string.Empty;
    /// <summary>Attempt number, from 1.</summary>
    public int Attempt { get; set; }
    /// <summary>HTTP status, or null when no answer came (timeout, refused connection).</summary>
    public int? StatusCode { get; set; }
    /// <summary>True for a 2xx.</summary>
    public bool Ok { get; set; }
    /// <summary>Milliseconds from sending to the answer or the failure.</summary>
    public long LatencyMs { get; set; }
    /// <summary>The failure, if any.</summary>
    public string? Error { get; set; }
    /// <summary>When it was sent (UTC).</summary>
    public DateTimeOffset At { get; set; }
}
