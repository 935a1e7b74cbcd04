using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/webhooks/{id}/deliveries/{deliveryId}/redeliver</c> (extension): sends a delivery's event again.</summary>
public sealed class RedeliverWebhookDelivery(WebhookDeliveryLog log, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookDeliveryLog.RedeliverAsync"/>.</summary>
    [Function(nameof(RedeliverWebhookDelivery))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/webhooks/{id}/deliveries/{deliveryId}/redeliver")] HttpRequest req, string id, string deliveryId) =>
        http.RunAsync(req, async (caller, ct) => await log.RedeliverAsync(caller, id, deliveryId, ct));
}
