namespace Engage.Application.Storage.Entities;

/// <summary>A source. Table <c>Sources</c>, PartitionKey = source id, RowKey = "".</summary>
public sealed class SourceEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Type: <c>sdk</c> (channel SDK) or <c>messaging</c>.</summary>
    public string Type { get; set; } = "sdk";
    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>Whether the source imports and exports.</summary>
    public bool Active { get; set; }
    /// <summary>Channel SDK endpoint URL (outbound).</summary>
    public string? EndpointUrl { get; set; }
    /// <summary>The secret, encrypted with <see cref="Security.SecretProtector"/>; never returned by the API.</summary>
    public string? ProtectedSecret { get; set; }
    /// <summary>Channel SDK options as a JSON array, for example <c>["messages.unthreaded"]</c>.</summary>
    public string OptionsJson { get; set; } = "[]";
    /// <summary>Capabilities the endpoint answered to <c>implementation.info</c>, JSON, or null.</summary>
    public string? CapabilitiesJson { get; set; }
    /// <summary>Per object type (<c>messages</c>, <c>private_messages</c>), the id of the newest object imported by polling: the next <c>since_id</c>. JSON object.</summary>
    public string PollCursorsJson { get; set; } = "{}";
    /// <summary>When the source was last polled (UTC), or null.</summary>
    public DateTimeOffset? LastPolledAt { get; set; }
    /// <summary>Why the source is not active (the last activation failure), or null.</summary>
    public string? InactiveReason { get; set; }
    /// <summary>A messaging source's settings (<see cref="Domain.Messaging.MessagingSettings"/>) as JSON, or null.</summary>
    public string? MessagingJson { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
