using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/webhooks/{id}</c>: answers the deleted webhook.</summary>
public sealed class DeleteWebhook(WebhookService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookService.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteWebhook))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/webhooks/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await service.DeleteAsync(caller, id, ct));
}
