using Engage.Domain.Api;

namespace Engage.Domain.Messaging;

/// <summary>
/// The settings of a <c>messaging</c> source (issue 8, item 1), set with the <c>POST</c>/<c>PUT
/// /1.0/content_sources</c> parameters <c>messaging_mode</c>, <c>welcome_message</c>, <c>allowed_origins[]</c>,
/// <c>attachment_max_bytes</c> and <c>attachment_max_count</c>, and shown in the source as <c>messaging</c>.
/// </summary>
/// <param name="Mode"><see cref="LiveChat"/> (a session ends when the visitor ends it or after 24 hours idle) or <see cref="Messaging"/> (one thread per visitor, history kept).</param>
/// <param name="WelcomeMessage">Shown by the widget before the first message, or null.</param>
/// <param name="AllowedOrigins">Origins (<c>https://shop.example</c>) whose pages may call the visitor API; <c>*</c> allows any.</param>
/// <param name="AttachmentMaxBytes">Largest attachment a visitor may send.</param>
/// <param name="AttachmentMaxCount">Most attachments per message (0: none).</param>
public sealed record MessagingSettings(string Mode, string? WelcomeMessage, IReadOnlyList<string> AllowedOrigins, long AttachmentMaxBytes, int AttachmentMaxCount)
{
    /// <summary>Real-time sessions.</summary>
    public const string LiveChat = "live_chat";
    /// <summary>Asynchronous, one thread per visitor.</summary>
    public const string Messaging = "messaging";
    /// <summary>Longest welcome message, in characters.</summary>
    public const int WelcomeMessageMaxLength = 1000;
    /// <summary>Largest allowed <see cref="AttachmentMaxBytes"/>.</summary>
    public const long AttachmentBytesCeiling = 20 * 1024 * 1024;
    /// <summary>Most origins per source.</summary>
    public const int MaxOrigins = 50;

    /// <summary>What a new messaging source gets: messaging mode, no origin allowed until one is set.</summary>
    public static MessagingSettings Default { get; } = new(Messaging, null, [], 10 * 1024 * 1024, 5);

    /// <summary>These settings changed by whichever of the parameters are present.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the bad parameter.</exception>
    public MessagingSettings With(ApiParameters p)
    {
        var next = this;
        if (p.String("messaging_mode") is { } mode)
        {
            if (mode is not (LiveChat or Messaging)) throw Invalid("messaging_mode must be live_chat or messaging.");
            next = next with { Mode = mode };
        }
        if (p.Has("welcome_message"))
        {
            var welcome = p.String("welcome_message");
            if (welcome is { Length: > WelcomeMessageMaxLength }) throw Invalid($"welcome_message is longer than {WelcomeMessageMaxLength} characters.");
            next = next with { WelcomeMessage = string.IsNullOrEmpty(welcome) ? null : welcome };
        }
        if (p.Has("allowed_origins"))
        {
            var origins = p.Strings("allowed_origins").Where(o => o.Length > 0).Select(NormalizeOrigin).Distinct(StringComparer.Ordinal).ToList();
            if (origins.Count > MaxOrigins) throw Invalid($"allowed_origins takes at most {MaxOrigins} origins.");
            next = next with { AllowedOrigins = origins };
        }
        if (p.Has("attachment_max_bytes"))
        {
            var bytes = p.Integer("attachment_max_bytes");
            if (bytes is not { } b || b < 0 || b > AttachmentBytesCeiling) throw Invalid($"attachment_max_bytes must be an integer from 0 to {AttachmentBytesCeiling}.");
            next = next with { AttachmentMaxBytes = b };
        }
        if (p.Has("attachment_max_count"))
        {
            var count = p.Integer("attachment_max_count");
            if (count is not { } c || c is < 0 or > 10) throw Invalid("attachment_max_count must be an integer from 0 to 10.");
            next = next with { AttachmentMaxCount = (int)c };
        }
        return next;
    }

    /// <summary>
    /// Whether a request with this <c>Origin</c> header may use the visitor API. No header means no browser
    /// cross-origin call (a server, curl, or a same-origin GET), which CORS has nothing to protect from.
    /// </summary>
    public bool AllowsOrigin(string? origin)
    {
        if (string.IsNullOrEmpty(origin)) return true;
        if (AllowedOrigins.Contains("*")) return true;
        return AllowedOrigins.Contains(origin.TrimEnd('/').ToLowerInvariant());
    }

    /// <summary><c>scheme://host[:port]</c> in lower case, or <c>*</c>.</summary>
    /// <exception cref="EngageException">422 for anything else (a path, a query, another scheme).</exception>
    public static string NormalizeOrigin(string origin)
    {
        if (origin == "*") return origin;
        var trimmed = origin.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            throw Invalid($"allowed_origins: '{origin}' is not an origin such as https://shop.example (scheme, host and optional port only) or *.");
        }
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    private static EngageException Invalid(string message) => EngageException.Unprocessable("invalid_parameter", message);
}
