using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Engage.Domain.Ids;

/// <summary>
/// Engage ids: 24 lowercase hex characters (12 bytes), the first 4 bytes Unix seconds so that ids sort
/// roughly by creation time (PROTOCOL.md, REST conventions).
/// Our layout of the other 8 bytes is <c>{bucket:4 bytes}{random:4 bytes}</c>: the bucket names the
/// storage partition that holds the object, so a point read needs no lookup row (docs/table-design.md).
/// </summary>
public static class EngageId
{
    /// <summary>Length of an id in characters.</summary>
    public const int Length = 24;

    /// <summary>Length of a bucket in hex characters (4 bytes).</summary>
    public const int BucketLength = 8;

    /// <summary>A new id with a random bucket, for objects stored in a single partition.</summary>
    public static string New(DateTimeOffset now) => New(now, RandomBucket());

    /// <summary>A new id whose characters 8..16 are <paramref name="bucket"/> (8 lowercase hex characters).</summary>
    /// <exception cref="ArgumentException">The bucket is not 8 lowercase hex characters.</exception>
    public static string New(DateTimeOffset now, string bucket)
    {
        if (!IsHex(bucket, BucketLength)) throw new ArgumentException("A bucket is 8 lowercase hex characters.", nameof(bucket));
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Math.Clamp(now.ToUnixTimeSeconds(), 0, uint.MaxValue));
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        return Convert.ToHexStringLower(bytes) + bucket + Convert.ToHexStringLower(random);
    }

    /// <summary>The partition bucket of a key: the first 4 bytes of SHA-256 over the parts joined by U+001F, in hex.</summary>
    public static string BucketOf(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    /// <summary>The bucket embedded in a valid id (characters 8..16).</summary>
    public static string BucketOfId(string id) => id.Substring(8, BucketLength);

    /// <summary>True when <paramref name="value"/> has the shape of an id: 24 lowercase hex characters.</summary>
    public static bool IsValid(string? value) => value is not null && IsHex(value, Length);

    /// <summary>The creation time encoded in an id.</summary>
    public static DateTimeOffset CreatedAt(string id) =>
        DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(Convert.FromHexString(id.AsSpan(0, 8))));

    private static string RandomBucket()
    {
        Span<byte> bytes = stackalloc byte[4];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static bool IsHex(string value, int length)
    {
        if (value.Length != length) return false;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        }
        return true;
    }
}
