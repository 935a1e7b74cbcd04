using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Engage.Domain.Api;

/// <summary>
/// An opaque keyset cursor (issue 7, "cursor paging"): which list it belongs to, the order it walks and the
/// sort key of the last record served, base64url of compact JSON. It carries no secret and grants nothing:
/// every page still checks the caller's permissions. A cursor of another list or order, or one that does not
/// decode, is 422 <c>invalid_cursor</c>.
/// </summary>
/// <param name="List">The collection, for example <c>content_threads</c>.</param>
/// <param name="Order">The order walked, for example <c>created_at.desc</c>.</param>
/// <param name="Position">The sort key of the last record served, most significant part first (the id last).</param>
/// <param name="Snapshot">For orders in which records move (threads by last activity): the walk's start, UTC.</param>
/// <param name="Filter">A digest of the filters the walk was started with (<see cref="FilterDigest"/>), or null.</param>
/// <param name="Served">Ids the walk already served out of snapshot order, to skip when met again.</param>
public sealed record PageCursor(string List, string Order, IReadOnlyList<string> Position, DateTimeOffset? Snapshot = null, string? Filter = null, IReadOnlyList<string>? Served = null)
{
    /// <summary>A short digest of a list's filter parameters, so a cursor cannot be resumed under other filters.</summary>
    public static string FilterDigest(params string?[] parts) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts.Select(p => p ?? string.Empty))))[..8]);

    /// <summary>The opaque form answered as <c>next_cursor</c>.</summary>
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Wire(List, Order, [.. Position], Snapshot?.ToUnixTimeMilliseconds(), Filter, Served is { Count: > 0 } ? [.. Served] : null));
        return Base64Url.EncodeToString(json);
    }

    /// <summary>Decodes <paramref name="raw"/> and checks it belongs to <paramref name="list"/> walked in <paramref name="order"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>, also when <paramref name="filter"/> is not the walk's.</exception>
    public static PageCursor Decode(string raw, string list, string order, string? filter = null)
    {
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(raw.Trim()));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            wire = null;
        }
        if (wire is not { L: not null, O: not null, P: not null } || wire.P.Any(p => p is null) || (wire.K?.Any(k => k is null) ?? false)
            || wire.S is < 0 or > 253_402_300_799_999)
        {
            throw Invalid("it was not answered by this API");
        }
        if (wire.L != list || wire.O != order)
        {
            throw Invalid($"it walks {wire.L} in order {wire.O}, not {list} in order {order}; keep q the same while paging");
        }
        if (wire.F != filter)
        {
            throw Invalid("it was answered for other filters (q, updated_since); keep them the same while paging");
        }
        return new PageCursor(wire.L, wire.O, wire.P, wire.S is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null, wire.F, wire.K);
    }

    private static EngageException Invalid(string why) =>
        EngageException.Unprocessable("invalid_cursor", $"cursor is invalid: {why}.");

    private sealed record Wire(string? L, string? O, string[]? P, long? S, string? F = null, string[]? K = null);
}
