using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Replies;

/// <summary>
/// Rules for starting a discussion with <c>POST /1.0/contents</c> without <c>in_reply_to_id</c> (openapi.yaml,
/// <c>createContent</c>: "Composing a content ... depend[s] on the source itself"). Pure: no I/O.
/// </summary>
public static class DiscussionRules
{
    /// <summary>Event type of the outbox row that carries a new discussion to the <c>outbound</c> queue (PROTOCOL.md, "Webhooks").</summary>
    public const string EventType = "content.discussion_initiated";

    /// <summary>Content status of an agent's or bot's first content in a thread it started (PROTOCOL.md, "Core objects").</summary>
    public const string Status = "user_initiated";

    /// <summary>
    /// Why <paramref name="source"/> cannot start a discussion, or null when it can: it must be active, have an
    /// <c>endpoint_url</c>, and its bridge must list <c>create</c> under <c>objects.threads</c> in its
    /// <c>implementation.info</c> capabilities (stored when the source was activated or polled).
    /// </summary>
    public static string? CannotInitiateReason(SourceEntity source)
    {
        if (!source.Active) return "The source is not active.";
        if (string.IsNullOrEmpty(source.EndpointUrl)) return "The source has no endpoint_url to create a thread on.";
        return Implements(source.CapabilitiesJson, "threads", "create")
            ? null
            : "The source's bridge does not implement threads.create (its implementation.info capabilities).";
    }

    /// <summary>True when the capabilities JSON lists <paramref name="action"/> under <c>objects.{objectType}</c>.</summary>
    public static bool Implements(string? capabilitiesJson, string objectType, string action)
    {
        if (string.IsNullOrEmpty(capabilitiesJson)) return false;
        try
        {
            return JsonNode.Parse(capabilitiesJson)?["objects"]?[objectType] is JsonArray actions
                && actions.Any(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == action);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
