using Engage.Application.Outbox;
using Engage.Application.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Queue trigger on <c>outbox</c>: finishes the work announced by an outbox row (see <see cref="OutboxDispatcher"/>).</summary>
public sealed class DispatchOutbox(OutboxDispatcher dispatcher)
{
    /// <summary>A failure leaves the message to the queue's retries; after 5 dequeues it moves to <c>outbox-poison</c>.</summary>
    [Function(nameof(DispatchOutbox))]
    public Task Run([QueueTrigger(StorageNames.OutboxQueue, Connection = "Storage")] string message, CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(message, cancellationToken);
}
