using Engage.Domain.Api;
using Engage.Domain.Webhooks;

namespace Engage.Application.Webhooks;

/// <summary>
/// The validated fields of a create or update request; null means "not given". <see cref="SecretGiven"/> and
/// <see cref="VerifyTokenGiven"/> tell "given empty" (clear it) from "not given".
/// </summary>
internal sealed record WebhookChanges(
    string? Url,
    string? Name,
    bool VerifyTokenGiven,
    string? VerifyToken,
    bool SecretGiven,
    string? Secret,
    bool? StagingUse,
    bool? Active,
    IReadOnlyList<string>? RegisteredEvents,
    string? SourceFilter,
    IReadOnlyList<string>? SourceIds)
{
    /// <summary>Reads and checks every field that needs no I/O.</summary>
    /// <exception cref="EngageException">422 for an invalid value.</exception>
    public static WebhookChanges Parse(ApiParameters p) => new(
        Url: p.String("url") is { } url ? WebhookRules.Url(url).OriginalString : null,
        Name: WebhookRules.Text(p.String("name"), "name"),
        VerifyTokenGiven: p.Has("verify_token"),
        VerifyToken: WebhookRules.Text(p.String("verify_token"), "verify_token"),
        SecretGiven: p.Has("secret"),
        Secret: p.String("secret") is { } secret ? WebhookRules.Secret(secret) : null,
        StagingUse: p.Boolean("staging_use"),
        Active: p.Boolean("active"),
        RegisteredEvents: p.Has("registered_events") ? WebhookRules.RegisteredEvents(p.Strings("registered_events")) : null,
        SourceFilter: p.Has("source_filter") ? WebhookRules.SourceFilterMode(p.String("source_filter")) : null,
        SourceIds: p.Has("source_ids") ? SourceIdsOf(p) : null);

    private static IReadOnlyList<string> SourceIdsOf(ApiParameters p)
    {
        var ids = p.Strings("source_ids").Distinct(StringComparer.Ordinal).ToList();
        return ids.Count <= WebhookRules.MaxSourceIds
            ? ids
            : throw EngageException.Unprocessable("invalid_parameter", $"source_ids[] holds more than {WebhookRules.MaxSourceIds} ids.");
    }
}
