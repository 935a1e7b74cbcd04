using Engage.Domain.Webhooks;

namespace Engage.Application.Webhooks;

/// <summary>
/// A webhook that receives events: on, and its endpoint passed verification. What delivery needs, with the secret in
/// clear (send it as <c>X-Dimelo-Secret</c>; never log it). <see cref="TokenId"/> and <see cref="UserId"/> name the
/// registering token and its owner, for checks such as "the token is still valid" or "the user may read the source".
/// </summary>
public sealed record ActiveWebhook(
    string Id,
    string Name,
    string Url,
    string? Secret,
    IReadOnlySet<string> RegisteredEvents,
    WebhookSourceFilter SourceFilter,
    bool StagingUse,
    string TokenId,
    string UserId)
{
    /// <summary>True when an event of <paramref name="eventType"/> on <paramref name="sourceId"/> (null: no source) goes to this webhook.</summary>
    public bool Wants(string eventType, string? sourceId) => RegisteredEvents.Contains(eventType) && SourceFilter.Includes(sourceId);
}
