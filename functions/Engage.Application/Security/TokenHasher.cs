using System.Security.Cryptography;
using System.Text;

namespace Engage.Application.Security;

/// <summary>API access tokens: 32 random bytes as 64 hex characters, stored only as their SHA-256.</summary>
public static class TokenHasher
{
    /// <summary>A new random token (shown once to its owner).</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new random source secret (64 URL-safe characters).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');

    /// <summary>SHA-256 of the token, lowercase hex: the storage key.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
