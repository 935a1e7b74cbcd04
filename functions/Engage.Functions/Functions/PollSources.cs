using Engage.Application.Polling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Functions;

/// <summary>Timer, every minute: polls the channel SDK sources that are due (see <see cref="SourcePoller"/>).</summary>
public sealed class PollSources(SourcePoller poller, ILogger<PollSources> logger)
{
    /// <summary>Polls; a failing source is logged and skipped, never failing the run.</summary>
    [Function(nameof(PollSources))]
    public async Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var polled = await poller.PollDueAsync(cancellationToken);
        if (polled > 0) logger.LogInformation("Polled {Count} sources", polled);
    }
}
