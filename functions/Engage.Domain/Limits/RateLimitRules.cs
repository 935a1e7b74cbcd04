namespace Engage.Domain.Limits;

/// <summary>A fixed one-minute window and the requests counted in it.</summary>
/// <param name="Minute">Unix minutes (Unix seconds / 60, floored) of the window's start.</param>
/// <param name="Count">Requests admitted in that window.</param>
public readonly record struct RateWindow(long Minute, long Count);

/// <summary>What the <c>RateLimit-*</c> headers of one answer say.</summary>
/// <param name="Limit">Requests allowed per window (<c>RateLimit-Limit</c>).</param>
/// <param name="Remaining">Requests left in the window after this one (<c>RateLimit-Remaining</c>, never negative).</param>
/// <param name="ResetSeconds">Whole seconds until the window ends, at least 1 (<c>RateLimit-Reset</c>, and <c>Retry-After</c> on a 429).</param>
public readonly record struct RateLimitHeaders(int Limit, long Remaining, long ResetSeconds);

/// <summary>
/// The per-token request limit (PROTOCOL.md, "REST conventions": 429 <c>rate_limit_exceeded</c> above 500 requests a
/// minute). Windows are fixed calendar minutes in UTC; a request is admitted while the window's count is below the
/// limit, so the (limit + 1)th request of a window is the first one refused. Pure rules; the shared counter lives
/// in Table Storage (docs/table-design.md, "Rate limits").
/// </summary>
public static class RateLimitRules
{
    /// <summary>The contract's limit: requests per token per minute.</summary>
    public const int DefaultPerMinute = 500;

    /// <summary>The window that <paramref name="now"/> falls in, in Unix minutes.</summary>
    public static long MinuteOf(DateTimeOffset now) => Math.DivRem(now.ToUnixTimeSeconds(), 60, out var rest) - (rest < 0 ? 1 : 0);

    /// <summary>When the window <paramref name="minute"/> ends.</summary>
    public static DateTimeOffset EndOf(long minute) => DateTimeOffset.FromUnixTimeSeconds((minute + 1) * 60);

    /// <summary>
    /// The window a request at <paramref name="now"/> counts against, given the stored one (null: none yet). A stored
    /// window that is the current one or later is kept: a later one means another instance's clock runs ahead, and
    /// keeping the later window never lets a count go back down.
    /// </summary>
    public static RateWindow Current(RateWindow? stored, DateTimeOffset now)
    {
        var minute = MinuteOf(now);
        return stored is { } s && s.Minute >= minute ? s : new RateWindow(minute, 0);
    }

    /// <summary>How many of <paramref name="requested"/> requests fit in a window that has already counted <paramref name="count"/>.</summary>
    public static int Admit(long count, int limit, int requested) => (int)Math.Clamp(limit - count, 0, requested);

    /// <summary>True when a window this instance has seen (counts only grow within a window) already refuses every request at <paramref name="now"/>.</summary>
    public static bool KnownExhausted(RateWindow? seen, DateTimeOffset now, int limit) =>
        seen is { } s && s.Minute >= MinuteOf(now) && s.Count >= limit;

    /// <summary>The headers for an answer at <paramref name="now"/> after the window reached <paramref name="countAfter"/>.</summary>
    public static RateLimitHeaders Headers(int limit, long minute, long countAfter, DateTimeOffset now)
    {
        var reset = (long)Math.Ceiling((EndOf(minute) - now).TotalSeconds);
        return new RateLimitHeaders(limit, Math.Max(0, limit - countAfter), Math.Max(1, reset));
    }
}
