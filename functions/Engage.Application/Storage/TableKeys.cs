using System.Security.Cryptography;
using System.Text;

namespace Engage.Application.Storage;

/// <summary>
/// Builds PartitionKey/RowKey values. Table keys may not hold <c>/ \ # ?</c> or control characters and are at
/// most 1 KiB; foreign ids come from third parties and may hold anything, so they are escaped, and hashed when long.
/// </summary>
public static class TableKeys
{
    /// <summary>Longest escaped foreign id kept readable; longer ones become <c>~</c> + SHA-256 hex.</summary>
    public const int MaxReadableLength = 400;

    /// <summary>Separator between key parts; escaped inside parts.</summary>
    public const char Separator = '|';

    /// <summary>Escapes a foreign id into a key part: <c>% / \ # ? |</c> and control characters become <c>%XX</c>.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '%' or '/' or '\\' or '#' or '?' or Separator || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2"));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.Length <= MaxReadableLength
            ? sb.ToString()
            : "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }

    /// <summary>Joins key parts with <see cref="Separator"/>.</summary>
    public static string Join(params string[] parts) => string.Join(Separator, parts);

    /// <summary>Inverted ticks, 19 digits: sorts newest first.</summary>
    public static string NewestFirst(DateTimeOffset time) => (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19");

    /// <summary>Ticks, 19 digits: sorts oldest first.</summary>
    public static string OldestFirst(DateTimeOffset time) => time.UtcTicks.ToString("D19");

    /// <summary>The smallest key greater than every key that starts with <paramref name="prefix"/>.</summary>
    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);
}
