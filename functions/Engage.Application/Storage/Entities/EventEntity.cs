namespace Engage.Application.Storage.Entities;

/// <summary>
/// One event of the log (table <c>Events</c>): PartitionKey the source id, RowKey the event id with every hex digit
/// inverted (<see cref="Events.EventKeys.RowKey"/>), so a source's events read newest first and a known id is one
/// point read per source. Written by the outbox dispatcher, once per event id (a repeat replaces it with the same).
/// </summary>
public sealed class EventEntity : EntityBase
{
    /// <summary>Largest length of one metadata part: under the 32K-character limit of a string property.</summary>
    public const int PartLength = 30_000;

    /// <summary>Event id (24 hex), stable across retries and deliveries.</summary>
    public string EventId { get; set; } = string.Empty;
    /// <summary>Type, for example <c>content.imported</c>.</summary>
    public string Type { get; set; } = string.Empty;
    /// <summary>When the change happened (UTC, kept to the tick; shown with milliseconds).</summary>
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>Acting user, if any.</summary>
    public string? UserId { get; set; }
    /// <summary>Source id.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>Thread id, if the resource is in a thread.</summary>
    public string? ThreadId { get; set; }
    /// <summary>Resource type: content, intervention or content_thread.</summary>
    public string ResourceType { get; set; } = string.Empty;
    /// <summary>Resource id.</summary>
    public string ResourceId { get; set; } = string.Empty;
    /// <summary>The thread's <c>sequence</c> after the change.</summary>
    public long Sequence { get; set; }
    /// <summary>Resource metadata (JSON object), parts 0-4 concatenated: a content body may hold many escaped characters.</summary>
    public string Metadata0 { get; set; } = "{}";
    /// <summary>See <see cref="Metadata0"/>.</summary>
    public string? Metadata1 { get; set; }
    /// <summary>See <see cref="Metadata0"/>.</summary>
    public string? Metadata2 { get; set; }
    /// <summary>See <see cref="Metadata0"/>.</summary>
    public string? Metadata3 { get; set; }
    /// <summary>See <see cref="Metadata0"/>.</summary>
    public string? Metadata4 { get; set; }

    /// <summary>The metadata JSON, split over the parts (at most 5 × <see cref="PartLength"/> characters).</summary>
    /// <exception cref="ArgumentException">Longer than the parts hold.</exception>
    [System.Runtime.Serialization.IgnoreDataMember]
    public string MetadataJson
    {
        get => string.Concat(Metadata0, Metadata1, Metadata2, Metadata3, Metadata4);
        set
        {
            if (value.Length > 5 * PartLength) throw new ArgumentException($"Event metadata longer than {5 * PartLength} characters.", nameof(value));
            string? Part(int i) => value.Length > i * PartLength ? value.Substring(i * PartLength, Math.Min(PartLength, value.Length - i * PartLength)) : null;
            Metadata0 = Part(0) ?? string.Empty;
            (Metadata1, Metadata2, Metadata3, Metadata4) = (Part(1), Part(2), Part(3), Part(4));
        }
    }
}
