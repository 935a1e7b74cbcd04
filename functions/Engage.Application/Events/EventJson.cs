using System.Globalization;
using System.Text.Json.Nodes;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Events;

/// <summary>The two JSON forms of an event: in a webhook delivery (PROTOCOL.md, "Webhooks") and in <c>GET /1.0/events</c> (openapi.yaml, <c>Event</c>).</summary>
public static class EventJson
{
    /// <summary>RFC 3339 UTC with milliseconds, as webhook events carry <c>issued_at</c>.</summary>
    public static string Milliseconds(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// <c>{"type", "id", "issued_at", "user_id", "resource": {"type", "id", "metadata"}, "sequence"}</c>; <c>sequence</c>
    /// (the thread's, after the change) is our addition.
    /// </summary>
    public static JsonObject ForWebhook(EventEntity e) => new()
    {
        ["type"] = e.Type,
        ["id"] = e.EventId,
        ["issued_at"] = Milliseconds(e.IssuedAt),
        ["user_id"] = e.UserId,
        ["resource"] = Resource(e),
        ["sequence"] = e.Sequence,
    };

    /// <summary>
    /// The contract's <c>Event</c> (<c>id</c>, <c>name</c>, <c>created_at</c>, <c>updated_at</c>, <c>user_id</c>,
    /// <c>extra_infos</c>), plus <c>issued_at</c> with milliseconds, <c>sequence</c> and <c>resource</c> as in a webhook.
    /// </summary>
    public static JsonObject ForApi(EventEntity e)
    {
        var resource = Resource(e);
        var metadata = resource["metadata"] as JsonObject;
        return new JsonObject
        {
            ["id"] = e.EventId,
            ["name"] = e.Type,
            ["created_at"] = ContractJson.FormatTime(e.IssuedAt),
            ["updated_at"] = ContractJson.FormatTime(e.IssuedAt),
            ["user_id"] = e.UserId,
            ["extra_infos"] = new JsonObject
            {
                ["content_id"] = e.ResourceType == "content" ? e.ResourceId : metadata?["content_id"]?.DeepClone(),
                ["content_source_id"] = e.SourceId,
                ["content_thread_id"] = e.ThreadId,
                ["intervention_id"] = e.ResourceType == "intervention" ? e.ResourceId : metadata?["intervention_id"]?.DeepClone(),
                ["category_ids"] = metadata?["category_ids"]?.DeepClone() ?? new JsonArray(),
            },
            ["issued_at"] = Milliseconds(e.IssuedAt),
            ["sequence"] = e.Sequence,
            ["resource"] = resource,
        };
    }

    private static JsonObject Resource(EventEntity e) => new()
    {
        ["type"] = e.ResourceType,
        ["id"] = e.ResourceId,
        ["metadata"] = JsonNode.Parse(e.MetadataJson),
    };
}
