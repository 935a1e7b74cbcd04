using Engage.Application.Auth;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Functions;

/// <summary>Timer, every minute: writes the tokens' last-used times recorded in memory (<see cref="TokenUsage"/>).</summary>
public sealed class FlushTokenUsage(TokenUsage usage, ILogger<FlushTokenUsage> logger)
{
    /// <summary>Writes one UpdateMerge per token used since the last run.</summary>
    [Function(nameof(FlushTokenUsage))]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var written = await usage.FlushAsync(cancellationToken);
        if (written > 0) logger.LogInformation("Recorded last use of {Count} access tokens", written);
    }
}
