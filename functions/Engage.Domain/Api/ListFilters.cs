using Engage.Domain.Ids;
using Engage.Domain.Search;

namespace Engage.Domain.Api;

/// <summary>
/// Checks of list filter parameters (issue 7, "list filters"): a value that cannot mean anything is 422
/// <c>invalid_parameter</c> naming the parameter; a well-formed id that names nothing is not an error (the list is
/// empty). A filter on a concept we do not store is refused with 422 rather than ignored or answered empty, so a
/// client never mistakes "not served" for "no match".
/// </summary>
public static class ListFilters
{
    /// <summary>An id filter: null when absent or empty, else 24 lowercase hex characters.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for another shape.</exception>
    public static string? Id(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        return EngageId.IsValid(value) ? value : throw Invalid($"{name} must be an id (24 lowercase hex characters).");
    }

    /// <summary>Several id filters (repeated, bracketed or comma-separated values), distinct, in the order given.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> when one is not an id.</exception>
    public static IReadOnlyList<string> Ids(string name, IEnumerable<string?> raw) =>
        raw.SelectMany(r => (r ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => Id(name, v)!)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>One of <paramref name="allowed"/> (exact spelling), or null when absent.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for another value.</exception>
    public static string? OneOf(string name, string? raw, params string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var value = raw.Trim();
        return allowed.Contains(value, StringComparer.Ordinal) ? value : throw Invalid($"{name} must be one of: {string.Join(", ", allowed)}.");
    }

    /// <summary>A boolean as the contract spells it (true/1/on/yes, false/0/off/no), or null when absent.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for another value.</exception>
    public static bool? Boolean(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        return SearchQuery.ParseBoolean(raw.Trim()) ?? throw Invalid($"{name} must be true or false.");
    }

    /// <summary>A free-text filter (an e-mail, a foreign id): null when absent or empty, else the value as given.</summary>
    public static string? Text(string? raw) => string.IsNullOrEmpty(raw) ? null : raw;

    /// <summary>Refuses a documented filter we cannot serve, when it is present.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="raw">Its raw value; null or empty when absent.</param>
    /// <param name="why">Why it is not served, completing "name is not supported: ...".</param>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> when present.</exception>
    public static void Unsupported(string name, string? raw, string why)
    {
        if (!string.IsNullOrEmpty(raw)) throw Invalid($"{name} is not supported: {why}.");
    }

    private static EngageException Invalid(string message) => EngageException.Unprocessable("invalid_parameter", message);
}
