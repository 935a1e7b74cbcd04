using Microsoft.Extensions.Logging;

namespace Engage.Application.Webhooks;

/// <summary>
/// Probes auto-disabled endpoints (issue 5, item 5): the probe is a real delivery, the oldest held one, so an endpoint
/// that answers a handshake but still fails deliveries stays disabled; an endpoint with nothing held gets the
/// verification handshake. When the probe passes, the endpoint is re-enabled and its held deliveries are queued again.
/// </summary>
public sealed class WebhookProber(WebhookStore webhooks, WebhookHealth health, WebhookDeliverer deliverer, WebhookDeliveryLog deliveries, WebhookVerifier verifier, TimeProvider time, ILogger<WebhookProber> logger)
{
    /// <summary>
    /// Probes every disabled endpoint whose probe is due (one scan of the small <c>Webhooks</c> table, one point read
    /// per active webhook); returns how many were re-enabled.
    /// </summary>
    public async Task<int> ProbeDueAsync(CancellationToken cancellationToken)
    {
        var reenabled = 0;
        foreach (var webhook in (await webhooks.ListAllAsync(cancellationToken)).Where(w => w.Active))
        {
            var state = await health.GetAsync(webhook.Id, cancellationToken);
            if (state.Disabled && state.NextProbeAt <= time.GetUtcNow() && await ProbeAsync(webhook.Id, cancellationToken)) reenabled++;
        }
        return reenabled;
    }

    /// <summary>Probes one endpoint now; true when it passed and was re-enabled.</summary>
    public async Task<bool> ProbeAsync(string webhookId, CancellationToken cancellationToken)
    {
        var webhook = await webhooks.FindAsync(webhookId, cancellationToken);
        if (webhook is not { Active: true }) return false;
        var held = await deliveries.OldestSuspendedAsync(webhookId, cancellationToken);
        var passed = held is null
            ? await verifier.VerifyAsync(webhook.Url, webhook.VerifyToken, webhooks.SecretOf(webhook), cancellationToken) is null
            : await deliverer.ProbeAsync(webhook, held, cancellationToken);
        if (!passed)
        {
            await health.ProbeFailedAsync(webhookId, cancellationToken);
            logger.LogInformation("Webhook {WebhookId} still fails its probe; staying disabled.", webhookId);
            return false;
        }
        await health.ReenableAsync(webhookId, cancellationToken);
        logger.LogInformation("Webhook {WebhookId} answered its probe: re-enabled.", webhookId);
        await deliveries.RequeueSuspendedAsync(webhookId, cancellationToken);
        return true;
    }
}
