using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/interventions/{id}/cancel</c>: only before an agent reply.</summary>
public sealed class CancelIntervention(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionService.CancelAsync"/>.</summary>
    [Function(nameof(CancelIntervention))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/interventions/{id}/cancel")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await interventions.CancelAsync(caller, id, ct));
}
