using System.Security.Cryptography;
using System.Text;

namespace Engage.Domain.Channel;

/// <summary>
/// Channel SDK signatures: the lowercase hex HMAC-SHA512 of the exact body bytes, keyed with the source's
/// secret (PROTOCOL.md, "Channel SDK"). Carried in the <c>X-SMCCSDK-SIGNATURE</c> header or the
/// <c>signature</c> query parameter.
/// </summary>
public static class ChannelSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-SMCCSDK-SIGNATURE";

    /// <summary>Lowercase hex HMAC-SHA512 of <paramref name="body"/> keyed with the UTF-8 bytes of <paramref name="secret"/> (128 characters).</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="body"/>. Compares in constant
    /// time over the decoded bytes; hex case is ignored; anything that is not 128 hex characters is false.
    /// </summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 128) return false;
        Span<byte> given = stackalloc byte[64];
        if (Convert.FromHexString(signature, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 64)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[64];
        HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
