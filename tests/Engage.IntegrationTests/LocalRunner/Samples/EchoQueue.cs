using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>Queue sample: string body plus binding data (dequeueCount, id, insertionTime); queue name from a setting.</summary>
public sealed class EchoQueue(Probe probe)
{
    /// <summary>Records the message.</summary>
    [Function(nameof(EchoQueue))]
    public Task Run(
        [QueueTrigger("%EchoQueue%", Connection = "Storage")] string message, long dequeueCount, string id, DateTimeOffset insertionTime,
        FunctionContext context, CancellationToken cancellationToken)
    {
        probe.Record(new ProbeCall(nameof(EchoQueue), message, dequeueCount, id, new object[] { insertionTime, context.BindingContext.BindingData["queueTrigger"]! }));
        return Task.CompletedTask;
    }
}
