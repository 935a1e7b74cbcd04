using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Engage.Application.Security;

/// <summary>
/// Encrypts secrets that must be read back (a channel SDK source's secret signs both directions, so it cannot
/// be hashed) with AES-256-GCM. The key is the setting <c>Engage:SecretKey</c> (base64 of 32 bytes; a Key Vault
/// reference in Azure). Stored form: <c>v1.{base64 nonce}.{base64 ciphertext+tag}</c>.
/// </summary>
public sealed class SecretProtector
{
    /// <summary>Setting name of the key.</summary>
    public const string KeySetting = "Engage:SecretKey";
    private readonly byte[] _key;

    /// <summary>
    /// Reads the key. In Development without a key, a fixed development-only key is used, so local data stays
    /// readable across runs (it protects nothing: use a real key anywhere else; the local runner saves a random one).
    /// </summary>
    /// <exception cref="InvalidOperationException">No valid key outside Development.</exception>
    public SecretProtector(IConfiguration configuration)
    {
        var configured = configuration[KeySetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _key = Convert.FromBase64String(configured);
            if (_key.Length != 32) throw new InvalidOperationException($"{KeySetting} must be base64 of 32 bytes.");
            return;
        }
        var environment = configuration["AZURE_FUNCTIONS_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"];
        if (!string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{KeySetting} is not set: set it to base64 of 32 random bytes (in Azure, a Key Vault reference).");
        }
        _key = SHA256.HashData(Encoding.UTF8.GetBytes("engage-development-only-key"));
    }

    /// <summary>Encrypts <paramref name="secret"/>.</summary>
    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plain.Length + 16];
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, cipher.AsSpan(0, plain.Length), cipher.AsSpan(plain.Length));
        return $"v1.{Convert.ToBase64String(nonce)}.{Convert.ToBase64String(cipher)}";
    }

    /// <summary>Decrypts a value made by <see cref="Protect"/>.</summary>
    /// <exception cref="CryptographicException">The value was made with another key or was altered.</exception>
    public string Unprotect(string protectedSecret)
    {
        var parts = protectedSecret.Split('.');
        if (parts.Length != 3 || parts[0] != "v1") throw new CryptographicException("Unknown protected secret format.");
        var nonce = Convert.FromBase64String(parts[1]);
        var cipher = Convert.FromBase64String(parts[2]);
        var plain = new byte[cipher.Length - 16];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(nonce, cipher.AsSpan(0, plain.Length), cipher.AsSpan(plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
