using Engage.Application.Bots;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/bots/complete</c>: closes (or cancels) the bot's intervention, optionally categorising and closing the thread.</summary>
public sealed class BotComplete(BotService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="BotService"/>.</summary>
    [Function(nameof(BotComplete))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/bots/complete")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CompleteAsync(caller, parameters.String("intervention_id"), parameters.Boolean("close_thread") ?? false, parameters.Strings("thread_category_ids"), ct));
}
