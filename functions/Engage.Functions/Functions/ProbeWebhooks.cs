using Engage.Application.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Timer, every minute: probes auto-disabled webhooks whose probe is due (see <see cref="WebhookHealth"/>).</summary>
public sealed class ProbeWebhooks(WebhookHealth health, WebhookDeliveryLog deliveries)
{
    /// <summary>Re-enables the endpoints that answer, and queues their suspended deliveries again.</summary>
    [Function(nameof(ProbeWebhooks))]
    public Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        health.ProbeDueAsync(deliveries.RequeueSuspendedAsync, cancellationToken);
}
