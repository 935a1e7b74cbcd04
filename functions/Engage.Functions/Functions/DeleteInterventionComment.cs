using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/intervention_comments/{id}</c>.</summary>
public sealed class DeleteInterventionComment(InterventionCommentService comments, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="InterventionCommentService.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteInterventionComment))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/intervention_comments/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await comments.DeleteAsync(caller, id, ct));
}
