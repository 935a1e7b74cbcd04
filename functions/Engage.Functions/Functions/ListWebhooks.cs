using Engage.Application.Webhooks;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/webhooks</c> with <c>offset</c>/<c>limit</c> or <c>cursor</c>: the caller's webhooks, or all with <c>manage_api_access_tokens</c>.</summary>
public sealed class ListWebhooks(WebhookService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookService.ListAsync"/>.</summary>
    [Function(nameof(ListWebhooks))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/webhooks")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await service.ListAsync(caller, ApiRequest.Paging(req), ct));
}
