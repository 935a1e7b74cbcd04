using System.Security.Cryptography;
using System.Text;

namespace Engage.Domain.Webhooks;

/// <summary>
/// Our signature on webhook deliveries (issue 5, beyond the reference's <c>X-Dimelo-Secret</c>):
/// <c>X-Engage-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>, with one <c>v1</c> per valid
/// secret (two during a rotation), so a receiver holding either secret can check the body and reject old replays.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-Engage-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>, signed with each of <paramref name="secrets"/>.</summary>
    /// <exception cref="ArgumentException">No secret.</exception>
    public static string Header(long unixSeconds, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets)
    {
        if (secrets.Count == 0) throw new ArgumentException("At least one secret is needed.", nameof(secrets));
        var sb = new StringBuilder("t=").Append(unixSeconds);
        foreach (var secret in secrets) sb.Append(",v1=").Append(Compute(secret, unixSeconds, body));
        return sb.ToString();
    }

    /// <summary>Lowercase hex HMAC-SHA256, keyed with the UTF-8 secret, of <c>"{t}.{body}"</c>.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>
    /// What a receiver does: true when the header's time is within <paramref name="tolerance"/> of <paramref name="now"/>
    /// and one of its <c>v1</c> values matches <paramref name="secret"/> (compared in constant time).
    /// </summary>
    public static bool Verify(string header, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan tolerance)
    {
        long? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) return false;
            var (key, value) = (part[..eq].Trim(), part[(eq + 1)..].Trim());
            if (key == "t" && long.TryParse(value, out var seconds)) t = seconds;
            else if (key == "v1") candidates.Add(value);
        }
        if (t is null || Math.Abs(now.ToUnixTimeSeconds() - t.Value) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(secret, t.Value, body));
        var matched = false;
        foreach (var candidate in candidates) matched |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate));
        return matched;
    }
}
