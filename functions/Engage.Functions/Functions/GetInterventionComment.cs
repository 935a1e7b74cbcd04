using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/intervention_comments/{id}</c>.</summary>
public sealed class GetInterventionComment(InterventionCommentService comments, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionCommentService.GetAsync"/>.</summary>
    [Function(nameof(GetInterventionComment))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/intervention_comments/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await comments.GetAsync(caller, id, ct));
}
