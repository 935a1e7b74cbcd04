using Engage.Application.Storage;
using Engage.Application.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Queue trigger on <c>webhook-deliveries</c>: one attempt of one delivery (see <see cref="WebhookDeliverer"/>).</summary>
public sealed class DeliverWebhook(WebhookDeliverer deliverer)
{
    /// <summary>Endpoint failures are recorded and retried by delayed messages; only storage failures leave the message to the queue's retries and poison.</summary>
    [Function(nameof(DeliverWebhook))]
    public Task Run([QueueTrigger(StorageNames.WebhookDeliveriesQueue, Connection = "Storage")] string message, CancellationToken cancellationToken) =>
        deliverer.DeliverAsync(message, cancellationToken);
}
