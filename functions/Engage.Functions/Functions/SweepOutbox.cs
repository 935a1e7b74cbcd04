using Engage.Application.Outbox;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Timer, every 5 minutes: announces outbox rows left behind (see <see cref="OutboxSweeper"/>).</summary>
public sealed class SweepOutbox(OutboxSweeper sweeper)
{
    /// <summary>Runs one sweep.</summary>
    [Function(nameof(SweepOutbox))]
    public Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
