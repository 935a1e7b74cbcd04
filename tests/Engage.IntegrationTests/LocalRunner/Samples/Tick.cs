using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Timer sample firing every second.</summary>
public sealed class Tick(Probe probe)
{
    /// <summary>Records the <see cref="TimerInfo"/>.</summary>
    [Function(nameof(Tick))]
    public void Run([TimerTrigger("* * * * * *")] TimerInfo timer) => probe.Record(new ProbeCall(nameof(Tick), Detail: timer));
}
