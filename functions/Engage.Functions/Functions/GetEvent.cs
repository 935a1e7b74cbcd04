using Engage.Application.Events;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/events/{id}</c>.</summary>
public sealed class GetEvent(EventService events, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="EventService.GetAsync"/>.</summary>
    [Function(nameof(GetEvent))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/events/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await events.GetAsync(caller, id, ct));
}
