using System.Globalization;
using Engage.Domain.Api;

namespace Engage.Domain.Search;

/// <summary>
/// Date and time values of <c>q</c> (<c>first_content_after:</c>, <c>created_before:</c>, ...): ISO 8601 only
/// (<c>2011-03-04</c>, <c>2011-03-04T10:00:00Z</c>, with an offset or milliseconds). A date alone is midnight
/// UTC; a time without an offset is UTC. A numeric date such as <c>03/04/2011</c> is ambiguous (March 4th or
/// April 3rd) and is refused, never guessed (issue 7).
/// </summary>
public static class SearchDate
{
    private static readonly string[] DateOnly = ["yyyy-MM-dd"];

    /// <summary>Parses the value of <paramref name="keyword"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c> naming the keyword and the value.</exception>
    public static DateTimeOffset Parse(string keyword, string value)
    {
        var v = value.Trim();
        if (DateTimeOffset.TryParseExact(v, DateOnly, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
        {
            return day.ToUniversalTime();
        }
        if (v.Length >= 11 && v[4] == '-' && v[7] == '-' && v[10] is 'T' or 't' or ' '
            && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        var why = v.Contains('/') || (v.Length > 0 && char.IsDigit(v[0]) && v.Contains('.'))
            ? "a numeric date like 03/04/2011 is ambiguous; write it as ISO 8601, for example 2011-03-04 or 2011-03-04T10:00:00Z"
            : "it is not an ISO 8601 date or time, for example 2011-03-04 or 2011-03-04T10:00:00Z";
        throw EngageException.Unprocessable("invalid_query", $"q is invalid: {keyword}:{value}: {why}.");
    }
}
