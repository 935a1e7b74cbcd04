using Engage.Application.Interventions;
using Engage.Application.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Queue trigger on <c>dispositions</c>: completes an accepted close (see <see cref="DispositionWorkflow"/>).</summary>
public sealed class CompleteDisposition(DispositionWorkflow workflow)
{
    /// <summary>A failure leaves the message to the queue's retries, then <c>dispositions-poison</c>.</summary>
    [Function(nameof(CompleteDisposition))]
    public Task Run([QueueTrigger(StorageNames.DispositionsQueue, Connection = "Storage")] string message, CancellationToken cancellationToken) =>
        workflow.CompleteAsync(message, cancellationToken);
}
