using System.Globalization;

namespace Engage.Domain.Api;

/// <summary>
/// <c>offset</c> (default 0) and <c>limit</c> (default 30, at most 150) of a collection request
/// (PROTOCOL.md, "REST conventions"), or our <c>cursor</c> (issue 7: an opaque <see cref="PageCursor"/> answered as
/// <c>next_cursor</c>; empty or absent means the first page). A value that is not a whole number in range is a
/// 422, never a 500; a cursor with a non-zero offset is 422.
/// </summary>
public readonly record struct Paging(int Offset, int Limit, string? Cursor = null)
{
    /// <summary>Default page size.</summary>
    public const int DefaultLimit = 30;

    /// <summary>Largest page size.</summary>
    public const int MaxLimit = 150;

    /// <summary>Largest offset we serve; beyond it a list would read too many index rows per request.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>Parses raw parameter values (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the parameter.</exception>
    public static Paging Parse(string? offset, string? limit, string? cursor = null)
    {
        var o = ParseInt("offset", offset, 0, 0, MaxOffset);
        var l = ParseInt("limit", limit, DefaultLimit, 1, MaxLimit);
        var c = string.IsNullOrWhiteSpace(cursor) ? null : cursor.Trim();
        if (c is not null && o != 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", "cursor and offset cannot be used together: a cursor already says where the page starts.");
        }
        return new Paging(o, l, c);
    }

    /// <summary>Decodes <see cref="Cursor"/> for <paramref name="list"/> in <paramref name="order"/>, or null on a first page.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public PageCursor? DecodeCursor(string list, string order, string? filter = null) => Cursor is null ? null : PageCursor.Decode(Cursor, list, order, filter);

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
