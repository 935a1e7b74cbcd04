using Engage.Domain.Api;

namespace Engage.Domain.Webhooks;

/// <summary>
/// Validation of webhook registration fields (PROTOCOL.md, "Webhooks"; openapi.yaml <c>/webhooks</c>). Each rule
/// throws 422 with the contract's error body naming the field.
/// </summary>
public static class WebhookRules
{
    /// <summary>Secrets are shorter than this (the reference: "less than 256 characters").</summary>
    public const int SecretLimit = 256;

    /// <summary>Longest URL we accept, in characters.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Longest name, verify token, in characters.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Most source ids in a source filter.</summary>
    public const int MaxSourceIds = 500;

    /// <summary>
    /// A secret: printable ASCII (space to <c>~</c>), 1 to 255 characters, without leading or trailing spaces, since it
    /// travels verbatim as the <c>X-Dimelo-Secret</c> header value.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c>.</exception>
    public static string Secret(string secret)
    {
        if (secret.Length >= SecretLimit || secret.Any(c => c is < ' ' or > '~') || secret.Trim().Length != secret.Length)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"secret must be printable ASCII, under {SecretLimit} characters, without leading or trailing spaces.");
        }
        return secret;
    }

    /// <summary>
    /// The registered events: at least one, each known (<see cref="WebhookEventTypes"/>); duplicates are dropped and the
    /// order kept.
    /// </summary>
    /// <exception cref="EngageException">422 <c>missing_parameter</c> for none, <c>invalid_parameter</c> naming unknown types.</exception>
    public static IReadOnlyList<string> RegisteredEvents(IReadOnlyList<string> events)
    {
        if (events.Count == 0) throw EngageException.Unprocessable("missing_parameter", "registered_events[] needs at least one event type.");
        var unknown = events.Where(e => !WebhookEventTypes.IsKnown(e)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"Unknown event types in registered_events[]: {string.Join(", ", unknown)}.");
        }
        return events.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A URL: absolute, <c>http</c> or <c>https</c>, with a host, no user info and no fragment, at most <see cref="MaxUrlLength"/> characters.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming <paramref name="field"/>.</exception>
    public static Uri Url(string url, string field = "url")
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"{field} must be an absolute http or https URL of at most {MaxUrlLength} characters.");
        }
        // Neither is ever sent, so both would only hide a second registration of the same endpoint (and show credentials).
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"{field} may not hold credentials (user:password@) or a fragment (#...).");
        }
        return uri;
    }

    /// <summary>An optional text field (name, verify token) of at most <see cref="MaxTextLength"/> characters.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming <paramref name="field"/>.</exception>
    public static string? Text(string? value, string field) =>
        value is { Length: > MaxTextLength }
            ? throw EngageException.Unprocessable("invalid_parameter", $"{field} is longer than {MaxTextLength} characters.")
            : value;

    /// <summary>The source filter mode (default <see cref="WebhookSourceFilter.AllExcept"/>).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c>.</exception>
    public static string SourceFilterMode(string? mode) =>
        mode is null ? WebhookSourceFilter.AllExcept
        : WebhookSourceFilter.IsMode(mode) ? mode
        : throw EngageException.Unprocessable("invalid_parameter", $"source_filter must be {WebhookSourceFilter.AllExcept} or {WebhookSourceFilter.NoneExcept}.");
}
