using Engage.Application.Bots;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/bots/engage?content_id=</c>: opens an intervention as the bot.</summary>
public sealed class BotEngage(BotService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="BotService"/>.</summary>
    [Function(nameof(BotEngage))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/bots/engage")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.EngageAsync(caller, parameters.String("content_id"), ct));
}
