using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Queue sample bound to <see cref="QueueMessage"/> that always throws.</summary>
public sealed class AlwaysFails(Probe probe)
{
    /// <summary>Records the attempt, then throws.</summary>
    [Function(nameof(AlwaysFails))]
    public Task Run([QueueTrigger("%FailQueue%", Connection = "Storage")] QueueMessage message)
    {
        probe.Record(new ProbeCall(nameof(AlwaysFails), message.Body.ToString(), message.DequeueCount, message.MessageId));
        throw new InvalidOperationException("always fails");
    }
}
