using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/interventions/{id}/close</c>: accepted at once; the disposition workflow completes it.</summary>
public sealed class CloseIntervention(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, reads <c>category_ids[]</c>, then calls <see cref="InterventionService.CloseAsync"/>.</summary>
    [Function(nameof(CloseIntervention))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/interventions/{id}/close")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await interventions.CloseAsync(caller, id, parameters.Strings("category_ids"), ct));
}
