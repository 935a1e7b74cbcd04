using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Engage.Domain.Api;

namespace Engage.Domain.Messaging;

/// <summary>What a valid visitor token carries.</summary>
/// <param name="SourceId">The messaging source it was issued for.</param>
/// <param name="VisitorId">The visitor (the identity's foreign id on that source).</param>
/// <param name="ExpiresAt">When it stops being accepted (UTC, whole seconds).</param>
public sealed record VisitorClaims(string SourceId, string VisitorId, DateTimeOffset ExpiresAt);

/// <summary>
/// The opaque token a web chat visitor sends back on every call (issue 8): <c>base64url(payload).base64url(mac)</c>,
/// where the payload is <c>v1|source|visitor|expiry unix seconds|nonce</c> and the mac is HMAC-SHA256 over the
/// payload's bytes with a key derived from the source's secret (<see cref="DeriveKey"/>). Not an access token: it
/// opens only the visitor API of one source, for one visitor, until it expires. The nonce makes every issued token
/// different, so a resume always hands out a fresh one.
/// </summary>
public static class VisitorToken
{
    /// <summary>How long a token is accepted after it is issued.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private const string Version = "v1";
    private static readonly byte[] KeyLabel = "engage-messaging-visitor-token-v1"u8.ToArray();

    /// <summary>
    /// The signing key for one source: HMAC-SHA256 of a fixed label keyed with the source's secret, so the secret
    /// itself never signs visitor tokens and rotating the secret invalidates every token of that source.
    /// </summary>
    public static byte[] DeriveKey(string sourceSecret) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(sourceSecret), KeyLabel);

    /// <summary>Issues a token for <paramref name="visitorId"/> on <paramref name="sourceId"/>, valid until <paramref name="expiresAt"/>.</summary>
    public static string Issue(byte[] key, string sourceId, string visitorId, DateTimeOffset expiresAt)
    {
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(9));
        var payload = string.Join('|', Version, sourceId, visitorId, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), nonce);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(key, bytes));
    }

    /// <summary>
    /// Checks a token presented to <paramref name="sourceId"/>'s visitor API. The source is compared before the
    /// signature so that a token of another source says so plainly.
    /// </summary>
    /// <exception cref="EngageException">
    /// 401 <c>missing_visitor_token</c>, <c>invalid_visitor_token</c> (malformed or forged),
    /// <c>visitor_token_wrong_source</c> or <c>visitor_token_expired</c>.
    /// </exception>
    public static VisitorClaims Validate(byte[] key, string? token, string sourceId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token)) throw Refused("missing_visitor_token", "A visitor token is required: start a session first.");
        var dot = token.IndexOf('.');
        if (dot <= 0 || token.Length > 512) throw Forged();
        var payloadBytes = FromBase64Url(token[..dot]);
        var mac = FromBase64Url(token[(dot + 1)..]);
        if (payloadBytes is null || mac is null) throw Forged();
        string[] parts;
        try
        {
            parts = new UTF8Encoding(false, true).GetString(payloadBytes).Split('|');
        }
        catch (DecoderFallbackException)
        {
            throw Forged();
        }
        if (parts.Length != 5 || parts[0] != Version || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)) throw Forged();
        if (parts[1] != sourceId) throw Refused("visitor_token_wrong_source", "This visitor token belongs to another source.");
        if (!CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, payloadBytes))) throw Forged();
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiry, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (expiresAt <= now) throw Refused("visitor_token_expired", "The visitor token has expired: start a new session.");
        return new VisitorClaims(parts[1], parts[2], expiresAt);
    }

    private static EngageException Forged() => Refused("invalid_visitor_token", "The visitor token is malformed or its signature does not match.");

    private static EngageException Refused(string error, string message) => new(401, error, message);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
