using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/webhooks</c>: registers a webhook for the request's token and verifies its endpoint before answering.</summary>
public sealed class CreateWebhook(WebhookService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="WebhookService.CreateAsync"/>.</summary>
    [Function(nameof(CreateWebhook))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/webhooks")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CreateAsync(caller, parameters, ct));
}
