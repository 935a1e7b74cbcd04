using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Timer sample that is due once a year but runs on startup.</summary>
public sealed class StartupOnly(Probe probe)
{
    /// <summary>Records the <see cref="TimerInfo"/>.</summary>
    [Function(nameof(StartupOnly))]
    public void Run([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer) => probe.Record(new ProbeCall(nameof(StartupOnly), Detail: timer));
}
