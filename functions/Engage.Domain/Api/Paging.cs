using System.Globalization;

namespace Engage.Domain.Api;

/// <summary>
/// <c>offset</c> (default 0) and <c>limit</c> (default 30, at most 150) of a collection request
/// (PROTOCOL.md, "REST conventions"). A value that is not a whole number in range is a 422, never a 500.
/// </summary>
public readonly record struct Paging(int Offset, int Limit)
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 30;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 150;

    /// <summary>Largest offset we serve; beyond it a list would read too many index rows per request.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>Parses raw parameter values (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the parameter.</exception>
    public static Paging Parse(string? offset, string? limit)
    {
        var o = ParseInt("offset", offset, 0, 0, MaxOffset);
        var l = ParseInt("limit", limit, DefaultLimit, 1, MaxLimit);
        return new Paging(o, l);
    }

    private static int ParseInt(string name, string? raw, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (!int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"{name} must be a whole number from {min} to {max}.");
        }
        return value;
    }
}
