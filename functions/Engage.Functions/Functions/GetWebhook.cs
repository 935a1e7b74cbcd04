using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/webhooks/{id}</c>.</summary>
public sealed class GetWebhook(WebhookService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookService.GetAsync"/>.</summary>
    [Function(nameof(GetWebhook))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/webhooks/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await service.GetAsync(caller, id, ct));
}
