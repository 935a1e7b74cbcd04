using Engage.Application.Threads;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Timer, hourly: deletes thread list trail rows no cursor can need (see <see cref="ThreadTrailPruner"/>).</summary>
public sealed class PruneThreadTrails(ThreadTrailPruner pruner)
{
    /// <summary>Runs one pruning pass.</summary>
    [Function(nameof(PruneThreadTrails))]
    public Task Run([TimerTrigger("0 17 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => pruner.PruneAsync(cancellationToken);
}
