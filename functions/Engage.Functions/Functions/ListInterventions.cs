using Engage.Application.Interventions;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/interventions</c> with <c>thread_id</c>, <c>user_id</c>, <c>identity_id</c>, <c>status</c>, <c>sort</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>: newest first.</summary>
public sealed class ListInterventions(InterventionService interventions, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionService.ListAsync"/>.</summary>
    [Function(nameof(ListInterventions))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/interventions")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, p, ct) => await interventions.ListAsync(
            caller,
            Paging.Parse(p.String("offset"), p.String("limit"), p.String("cursor")),
            InterventionListFilter.Parse(p.String("thread_id"), p.String("user_id"), p.Strings("identity_id"), p.String("identity_group_id"), p.String("status"), p.String("sort")),
            ct));
}
