namespace Engage.Application.Storage.Entities;

/// <summary>
/// One event to deliver to one webhook (table <c>WebhookDeliveries</c>, PartitionKey the webhook id, RowKey
/// <c>d|{delivery id}</c>). A fan-out's delivery id is derived from (webhook, event), so fanning out twice makes one
/// delivery; a redelivery or a replay makes a new one. Changed only under its ETag.
/// </summary>
public sealed class WebhookDeliveryEntity : EntityBase
{
    /// <summary>Delivery id (24 hex), sent as <c>X-Engage-Delivery-Id</c> and as the body's <c>id</c>.</summary>
    public string DeliveryId { get; set; } = string.Empty;
    /// <summary>Webhook id.</summary>
    public string WebhookId { get; set; } = string.Empty;
    /// <summary>Event id.</summary>
    public string EventId { get; set; } = string.Empty;
    /// <summary>Event type (for the delivery log).</summary>
    public string EventType { get; set; } = string.Empty;
    /// <summary>Source of the event (the event log's partition).</summary>
    public string EventSourceId { get; set; } = string.Empty;
    /// <summary>See <see cref="WebhookDeliveryStatus"/>.</summary>
    public string Status { get; set; } = WebhookDeliveryStatus.Pending;
    /// <summary>Attempts started (each recorded before its POST).</summary>
    public int Attempts { get; set; }
    /// <summary>While a worker posts: the time after which its attempt counts as lost.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>When the next attempt is due (retrying).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>HTTP status of the last answer, if any.</summary>
    public int? LastStatusCode { get; set; }
    /// <summary>Why the last attempt failed, or why it was dropped.</summary>
    public string? LastError { get; set; }
    /// <summary>Created (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When a 2xx answered (UTC).</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>Delivery states (stable words, shown in the delivery log).</summary>
public static class WebhookDeliveryStatus
{
    /// <summary>Waiting for its first attempt.</summary>
    public const string Pending = "pending";
    /// <summary>An attempt is under way (see <see cref="WebhookDeliveryEntity.LeaseUntil"/>).</summary>
    public const string Sending = "sending";
    /// <summary>Failed; the next attempt is scheduled.</summary>
    public const string Retrying = "retrying";
    /// <summary>Parked while the endpoint is disabled; sent again when it is re-enabled.</summary>
    public const string Suspended = "suspended";
    /// <summary>A 2xx answered.</summary>
    public const string Delivered = "delivered";
    /// <summary>Given up: every retry failed, or the webhook is gone or off.</summary>
    public const string Dropped = "dropped";

    /// <summary>True for delivered and dropped.</summary>
    public static bool IsFinal(string status) => status is Delivered or Dropped;
}
