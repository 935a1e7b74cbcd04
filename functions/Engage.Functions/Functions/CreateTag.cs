using Engage.Application.Tags;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/tags</c> (needs <c>manage_tags</c>).</summary>
public sealed class CreateTag(TagService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="TagService.CreateAsync"/>.</summary>
    [Function(nameof(CreateTag))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/tags")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CreateAsync(caller, parameters, ct));
}
