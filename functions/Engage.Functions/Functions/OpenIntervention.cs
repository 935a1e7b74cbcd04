using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/interventions?content_id=</c>: opens (or reopens) an intervention.</summary>
public sealed class OpenIntervention(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, reads <c>content_id</c> (query, form or JSON), then calls <see cref="InterventionService.OpenAsync"/>.</summary>
    [Function(nameof(OpenIntervention))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/interventions")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await interventions.OpenAsync(caller, parameters.String("content_id"), ct));
}
