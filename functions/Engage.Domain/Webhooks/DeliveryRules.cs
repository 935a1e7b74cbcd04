namespace Engage.Domain.Webhooks;

/// <summary>
/// When a webhook delivery is tried again, and when an endpoint is switched off (PROTOCOL.md, "Webhooks": retried about
/// 32 s, 4 min, 17 min, 52 min and 2 h later, then dropped; an endpoint failing about 75 % of its requests is
/// disabled, probed later, and re-enabled when it answers).
/// </summary>
public static class DeliveryRules
{
    /// <summary>The reference's retry delays, after the 1st to the 5th failed attempt.</summary>
    public static readonly IReadOnlyList<TimeSpan> ReferenceDelays =
        [TimeSpan.FromSeconds(32), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(17), TimeSpan.FromMinutes(52), TimeSpan.FromHours(2)];

    /// <summary>The share of failed deliveries in the window at which an endpoint is disabled.</summary>
    public const double DisableFailureRatio = 0.75;

    /// <summary>
    /// The wait before the next attempt after <paramref name="failedAttempts"/> failed ones (1 or more), or null when
    /// the delivery is dropped (every delay used).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failedAttempts"/> below 1.</exception>
    public static TimeSpan? NextDelay(int failedAttempts, IReadOnlyList<TimeSpan> delays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        return failedAttempts <= delays.Count ? delays[failedAttempts - 1] : null;
    }

    /// <summary>
    /// True when, among the outcomes after <c>now - window</c>, there are at least <paramref name="minimumCount"/> and
    /// at least <see cref="DisableFailureRatio"/> of them failed.
    /// </summary>
    public static bool ShouldDisable(IEnumerable<(DateTimeOffset At, bool Ok)> outcomes, DateTimeOffset now, TimeSpan window, int minimumCount)
    {
        var recent = outcomes.Where(o => o.At > now - window).ToList();
        return recent.Count >= minimumCount && recent.Count(o => !o.Ok) >= DisableFailureRatio * recent.Count;
    }
}
