using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Timer sample due every second that runs for 2.5 s, so the tick after it is past due.</summary>
public sealed class SlowTick(Probe probe)
{
    /// <summary>Records the <see cref="TimerInfo"/>, then works for 2.5 s.</summary>
    [Function(nameof(SlowTick))]
    public async Task Run([TimerTrigger("* * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        probe.Record(new ProbeCall(nameof(SlowTick), Detail: timer));
        await Task.Delay(2500, cancellationToken);
    }
}
