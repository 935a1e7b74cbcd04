using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Queue sample bound to a POCO that fails on its first two dequeues, then succeeds.</summary>
public sealed class FailsTwice(Probe probe)
{
    /// <summary>Name of the successful call in the probe.</summary>
    public const string Succeeded = nameof(FailsTwice) + ".Succeeded";

    /// <summary>Throws while <paramref name="dequeueCount"/> is 1 or 2.</summary>
    [Function(nameof(FailsTwice))]
    public async Task Run([QueueTrigger("%FlakyQueue%", Connection = "Storage")] WorkItem item, long dequeueCount)
    {
        await Task.Yield();
        probe.Record(new ProbeCall(nameof(FailsTwice), item.Name, dequeueCount, Detail: item.Size));
        if (dequeueCount <= 2) throw new InvalidOperationException($"attempt {dequeueCount} fails");
        probe.Record(new ProbeCall(Succeeded, item.Name, dequeueCount));
    }
}
