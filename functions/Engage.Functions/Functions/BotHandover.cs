using Engage.Application.Bots;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/bots/handover</c>: hands a thread between the bot and human agents.</summary>
public sealed class BotHandover(BotService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="BotService.HandOverAsync"/>.</summary>
    [Function(nameof(BotHandover))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/bots/handover")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, p, ct) => await service.HandOverAsync(
            caller, p.String("from"), p.String("to"), p.String("type"), p.String("intervention_id"), p.Strings("thread_category_ids"), ct));
}
