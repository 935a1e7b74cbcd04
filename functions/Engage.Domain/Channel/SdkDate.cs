using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engage.Domain.Channel;

/// <summary>
/// Parses the <c>created_at</c>/<c>updated_at</c> forms that channel SDK bridges send (PROTOCOL.md, "Channel
/// SDK" and "Interoperability notes"): <c>2012-02-10</c> (midnight UTC), ISO 8601 date-times with or without
/// fractional seconds and with <c>Z</c> or an offset, <c>06/11/2017</c> (month first, as documented), and an
/// integer of epoch milliseconds (a JSON number or a string of digits).
/// A date-time without an offset is refused: its time zone is unknown, and guessing would misplace the message.
/// </summary>
public static partial class SdkDate
{
    // Years the service can store (Table Storage refuses dates before 1601).
    private static readonly DateTimeOffset Earliest = new(1601, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Parses a JSON value. Null, an empty string or an absent value give <c>null</c> with no error
    /// ("null, empty and absent mean the same"). An invalid or ambiguous value gives <c>false</c> and a reason.
    /// </summary>
    public static bool TryParse(JsonElement value, out DateTimeOffset? result, out string? error)
    {
        result = null;
        error = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Undefined:
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Number:
                if (value.TryGetInt64(out var ms)) return FromEpochMilliseconds(ms, out result, out error);
                error = "is not an integer of epoch milliseconds";
                return false;
            case JsonValueKind.String:
                return TryParse(value.GetString(), out result, out error);
            default:
                error = "must be a date string or epoch milliseconds";
                return false;
        }
    }

    /// <summary>Parses a string form; see the type summary. Null or empty gives <c>null</c> with no error.</summary>
    public static bool TryParse(string? text, out DateTimeOffset? result, out string? error)
    {
        result = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();

        if (DigitsOnly().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return FromEpochMilliseconds(ms, out result, out error);
            error = "is out of range";
            return false;
        }
        if (DateOnlyIso().IsMatch(text))
        {
            if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day))
            {
                return InRange(day, out result, out error);
            }
            error = "is not a valid calendar date";
            return false;
        }
        if (MonthFirst().Match(text) is { Success: true } m)
        {
            var month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
            var dayOfMonth = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12 || dayOfMonth < 1 || year < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
            {
                error = "is not a valid month-first date (MM/DD/YYYY)";
                return false;
            }
            return InRange(new DateTimeOffset(year, month, dayOfMonth, 0, 0, 0, TimeSpan.Zero), out result, out error);
        }
        if (IsoDateTime().Match(text) is { Success: true } iso)
        {
            if (!iso.Groups["zone"].Success)
            {
                error = "has no time zone (add Z or an offset such as +02:00)";
                return false;
            }
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return InRange(parsed.ToUniversalTime(), out result, out error);
            }
        }
        error = "is not a recognised date (ISO 8601, YYYY-MM-DD, MM/DD/YYYY or epoch milliseconds)";
        return false;
    }

    private static bool FromEpochMilliseconds(long ms, out DateTimeOffset? result, out string? error)
    {
        result = null;
        error = null;
        if (ms < Earliest.ToUnixTimeMilliseconds() || ms > Latest.ToUnixTimeMilliseconds())
        {
            error = "is out of range";
            return false;
        }
        return InRange(DateTimeOffset.FromUnixTimeMilliseconds(ms), out result, out error);
    }

    private static bool InRange(DateTimeOffset value, out DateTimeOffset? result, out string? error)
    {
        result = null;
        error = null;
        if (value < Earliest || value > Latest)
        {
            error = "is out of range";
            return false;
        }
        result = value;
        return true;
    }

    [GeneratedRegex(@"^-?\d+$")]
    private static partial Regex DigitsOnly();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyIso();

    [GeneratedRegex(@"^(?<m>\d{1,2})/(?<d>\d{1,2})/(?<y>\d{4})$")]
    private static partial Regex MonthFirst();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<zone>Z|z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex IsoDateTime();
}
