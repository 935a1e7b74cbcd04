using Engage.Domain.Limits;

namespace Engage.UnitTests.Domain;

public class RateLimitRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 45, TimeSpan.Zero);

    [Fact]
    public void Windows_are_calendar_minutes_and_reset_counts_the_seconds_left()
    {
        var minute = RateLimitRules.MinuteOf(At);
        Assert.Equal(At.ToUnixTimeSeconds() / 60, minute);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 1, 0, TimeSpan.Zero), RateLimitRules.EndOf(minute));
        Assert.Equal(new RateLimitHeaders(500, 499, 15), RateLimitRules.Headers(500, minute, 1, At));
        Assert.Equal(1, RateLimitRules.Headers(500, minute, 1, At.AddSeconds(14.5)).ResetSeconds);
        Assert.Equal(0, RateLimitRules.Headers(500, minute, 501, At).Remaining);
    }

    [Fact]
    public void The_501st_request_of_a_window_is_the_first_refused()
    {
        Assert.Equal(1, RateLimitRules.Admit(499, 500, 1));
        Assert.Equal(0, RateLimitRules.Admit(500, 500, 1));
        Assert.Equal(3, RateLimitRules.Admit(497, 500, 10));
        Assert.Equal(10, RateLimitRules.Admit(0, 500, 10));
    }

    [Fact]
    public void A_stored_window_counts_only_while_it_is_current_or_later()
    {
        var minute = RateLimitRules.MinuteOf(At);
        Assert.Equal(new RateWindow(minute, 0), RateLimitRules.Current(null, At));
        Assert.Equal(new RateWindow(minute, 0), RateLimitRules.Current(new RateWindow(minute - 1, 500), At));
        Assert.Equal(new RateWindow(minute, 42), RateLimitRules.Current(new RateWindow(minute, 42), At));
        // Another instance's clock ran ahead: its window is kept, so the count never goes back down.
        Assert.Equal(new RateWindow(minute + 1, 7), RateLimitRules.Current(new RateWindow(minute + 1, 7), At));
    }

    [Fact]
    public void Only_a_full_window_of_now_refuses_without_asking_storage()
    {
        var minute = RateLimitRules.MinuteOf(At);
        Assert.True(RateLimitRules.KnownExhausted(new RateWindow(minute, 500), At, 500));
        Assert.False(RateLimitRules.KnownExhausted(new RateWindow(minute, 499), At, 500));
        Assert.False(RateLimitRules.KnownExhausted(new RateWindow(minute - 1, 500), At, 500));
        Assert.False(RateLimitRules.KnownExhausted(null, At, 500));
    }
}
