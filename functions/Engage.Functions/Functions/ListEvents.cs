using Engage.Application.Events;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/events?q=</c>: the event log, newest first, with <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListEvents(EventService events, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="EventService.ListAsync"/>.</summary>
    [Function(nameof(ListEvents))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/events")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await events.ListAsync(
            caller, ApiRequest.Paging(req), ApiRequest.Param(req, "q"), ct));
}
