using Engage.Application.Interventions;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/intervention_comments?intervention_id=</c> (or <c>thread_id=</c>), with <c>user_id</c>, <c>identity_id</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListInterventionComments(InterventionCommentService comments, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionCommentService.ListAsync"/>.</summary>
    [Function(nameof(ListInterventionComments))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/intervention_comments")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await comments.ListAsync(
            caller, ApiRequest.Paging(req),
            CommentListFilter.Parse(ApiRequest.Param(req, "intervention_id"), ApiRequest.Param(req, "thread_id"), ApiRequest.Param(req, "user_id"), ApiRequest.Param(req, "identity_id")),
            ct));
}
