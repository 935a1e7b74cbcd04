using Engage.Application.Interventions;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/interventions?thread_id=&amp;status=</c>: a thread's interventions, newest first.</summary>
public sealed class ListInterventions(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionService.ListAsync"/>.</summary>
    [Function(nameof(ListInterventions))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/interventions")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await interventions.ListAsync(
            caller, Paging.Parse(ApiRequest.Param(req, "offset"), ApiRequest.Param(req, "limit")), ApiRequest.Param(req, "thread_id"), ApiRequest.Param(req, "status"), ct));
}
