using Engage.Application.Webhooks;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/webhooks/{id}/deliveries</c> (extension): the webhook's recent attempts, newest first, with <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListWebhookDeliveries(WebhookDeliveryLog log, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookDeliveryLog.ListAttemptsAsync"/>.</summary>
    [Function(nameof(ListWebhookDeliveries))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/webhooks/{id}/deliveries")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await log.ListAttemptsAsync(caller, id, ApiRequest.Paging(req), ct));
}
