using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/intervention_comments</c>.</summary>
public sealed class CreateInterventionComment(InterventionCommentService comments, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="InterventionCommentService.CreateAsync"/>.</summary>
    [Function(nameof(CreateInterventionComment))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/intervention_comments")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await comments.CreateAsync(caller, parameters, ct));
}
