namespace Engage.LocalRunner.Queues;

/// <summary>
/// Randomized exponential backoff for polling, as the WebJobs queue listener does: after an empty poll the wait
/// doubles from the minimum up to the maximum with +/-20 % jitter; finding a message resets it to the minimum.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private const double Jitter = 0.2;
    private int _emptyPolls;

    /// <summary>The wait before the next poll, given whether this poll found anything.</summary>
    public TimeSpan Next(bool found)
    {
        if (found)
        {
            _emptyPolls = 0;
            return minimum;
        }
        _emptyPolls = Math.Min(_emptyPolls + 1, 30);
        var grown = minimum.TotalMilliseconds * Math.Pow(2, _emptyPolls - 1);
        var jittered = grown * (1 + ((Random.Shared.NextDouble() * 2) - 1) * Jitter);
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, minimum.TotalMilliseconds, maximum.TotalMilliseconds));
    }
}
