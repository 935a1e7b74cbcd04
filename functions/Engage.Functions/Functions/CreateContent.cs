using Engage.Application.Replies;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/contents</c>: an agent's or bot's reply, or a new discussion, as JSON, form or query parameters.</summary>
public sealed class CreateContent(ContentComposer contents, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters, then calls <see cref="ContentComposer.CreateAsync"/>.</summary>
    [Function(nameof(CreateContent))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/contents")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await contents.CreateAsync(caller, parameters, ct));
}
