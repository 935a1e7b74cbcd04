using Engage.Application.Tags;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/tags/{id}</c> (needs <c>manage_tags</c>).</summary>
public sealed class UpdateTag(TagService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters, then calls <see cref="TagService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateTag))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/tags/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateAsync(caller, id, parameters, ct));
}
