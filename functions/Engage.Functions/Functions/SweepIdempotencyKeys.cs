using Engage.Application.Limits;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Functions;

/// <summary>Timer, daily at 03:17 UTC: deletes idempotency key records older than 24 hours (<see cref="IdempotencyStore.SweepAsync"/>).</summary>
public sealed class SweepIdempotencyKeys(IdempotencyStore store, ILogger<SweepIdempotencyKeys> logger)
{
    /// <summary>Runs one sweep.</summary>
    [Function(nameof(SweepIdempotencyKeys))]
    public async Task Run([TimerTrigger("0 17 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var deleted = await store.SweepAsync(cancellationToken);
        if (deleted > 0) logger.LogInformation("Deleted {Count} expired idempotency keys", deleted);
    }
}
