using Engage.Application.Webhooks;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/webhooks/{id}/replay?since_event_id=</c> (extension): delivers again every matching event after that one.</summary>
public sealed class ReplayWebhook(WebhookDeliveryLog log, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="WebhookDeliveryLog.ReplayAsync"/>.</summary>
    [Function(nameof(ReplayWebhook))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/webhooks/{id}/replay")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, p, ct) => await log.ReplayAsync(caller, id, p.String("since_event_id"), ct));
}
