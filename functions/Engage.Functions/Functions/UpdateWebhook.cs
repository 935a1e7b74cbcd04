using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/webhooks/{id}</c>: re-verifies the endpoint when the webhook is switched on or its handshake fields change.</summary>
public sealed class UpdateWebhook(WebhookService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="WebhookService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateWebhook))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/webhooks/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateAsync(caller, id, parameters, ct));
}
