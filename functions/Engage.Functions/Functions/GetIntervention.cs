using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/interventions/{id}</c>.</summary>
public sealed class GetIntervention(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionService.GetAsync"/>.</summary>
    [Function(nameof(GetIntervention))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/interventions/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await interventions.GetAsync(caller, id, ct));
}
