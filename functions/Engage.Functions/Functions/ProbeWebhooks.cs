using Engage.Application.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Timer, every minute: probes auto-disabled webhooks whose probe is due (see <see cref="WebhookProber"/>).</summary>
public sealed class ProbeWebhooks(WebhookProber prober)
{
    /// <summary>Re-enables the endpoints that answer, and queues their held deliveries again.</summary>
    [Function(nameof(ProbeWebhooks))]
    public Task Run([TimerTrigger("0 */1 * * * *")] TimerInfo timer, CancellationToken cancellationToken) => prober.ProbeDueAsync(cancellationToken);
}
