using System.Globalization;

namespace Engage.Domain.Api;

/// <summary>
/// Keyset paging of a list held in memory (issue 7, "cursor paging"): every record has a sort key of string parts,
/// compared part by part in ordinal order, the last part being the record's id so that no two records tie. The page
/// after a <see cref="PageCursor"/> holds the records whose key is greater than the cursor's position, so records
/// added or deleted between pages never make a walk skip or repeat a record that stayed.
/// Key parts of descending orders are inverted (<see cref="Descending(DateTimeOffset)"/>, <see cref="DescendingHex"/>)
/// so that every key compares ascending.
/// </summary>
public static class Keyset
{
    /// <summary>Compares two keys part by part (ordinal); a key that is a prefix of the other comes first.</summary>
    public static int Compare(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    /// <summary>A key part for an ascending time: UTC ticks, 19 digits.</summary>
    public static string Ascending(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A key part for a descending time: <c>DateTimeOffset.MaxValue</c> ticks minus the ticks, 19 digits.</summary>
    public static string Descending(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>A key part for a descending lowercase hex id: each digit inverted (<c>0</c> becomes <c>f</c>).</summary>
    public static string DescendingHex(string id) =>
        string.Create(id.Length, id, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                var v = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : -1;
                span[i] = v < 0 ? c : "0123456789abcdef"[15 - v];
            }
        });

    /// <summary>A key part for a boolean that sorts true first.</summary>
    public static string TrueFirst(bool value) => value ? "0" : "1";

    /// <summary>
    /// The page of <paramref name="items"/> (any order; sorted here by <paramref name="key"/>) that <paramref name="paging"/>
    /// asks for: after its cursor, or from its offset. <c>Count</c> is the number of matching records in the whole list,
    /// not only those after the cursor. <c>NextCursor</c> is set exactly when more records follow the page.
    /// </summary>
    /// <param name="items">The records that pass the list's filters.</param>
    /// <param name="key">The record's sort key; its last part must be unique (the id).</param>
    /// <param name="paging">Offset, limit and cursor of the request.</param>
    /// <param name="list">The collection name a cursor must carry, for example <c>users</c>.</param>
    /// <param name="order">The order name a cursor must carry, for example <c>created_at.asc</c>.</param>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c> for a cursor of another list or order, or with a key of another shape.</exception>
    public static KeysetPage<T> Page<T>(IEnumerable<T> items, Func<T, IReadOnlyList<string>> key, Paging paging, string list, string order)
    {
        var after = Position(paging, list, order, parts: null);
        var keyed = items.Select(i => (Item: i, Key: key(i))).ToList();
        keyed.Sort((x, y) => Compare(x.Key, y.Key));
        if (after is not null && keyed.Count > 0 && keyed[0].Key.Count != after.Count) throw Malformed();
        var rest = after is null ? keyed.Skip(paging.Offset) : keyed.Where(k => Compare(k.Key, after) > 0);
        var window = rest.Take(paging.Limit + 1).ToList();
        var page = window.Take(paging.Limit).ToList();
        var next = window.Count > paging.Limit ? new PageCursor(list, order, page[^1].Key).Encode() : null;
        return new(keyed.Count, page.Select(k => k.Item).ToList(), next);
    }

    /// <summary>
    /// The position of <paramref name="paging"/>'s cursor for <paramref name="list"/> in <paramref name="order"/>, or null on a
    /// first page; with <paramref name="parts"/>, a position of another length is refused.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public static IReadOnlyList<string>? Position(Paging paging, string list, string order, int? parts)
    {
        var cursor = paging.DecodeCursor(list, order);
        if (cursor is null) return null;
        if (parts is { } n && cursor.Position.Count != n) throw Malformed();
        return cursor.Position;
    }

    private static EngageException Malformed() =>
        EngageException.Unprocessable("invalid_cursor", "cursor is invalid: its position does not fit this list.");
}

/// <summary>One page of a keyset walk: the total <paramref name="Count"/>, the records, and the cursor of the next page (null at the end).</summary>
public sealed record KeysetPage<T>(long Count, IReadOnlyList<T> Records, string? NextCursor);
