using Engage.Application.Tags;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/tags/{id}</c> (needs <c>manage_tags</c>).</summary>
public sealed class DeleteTag(TagService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="TagService.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteTag))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/tags/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.DeleteAsync(caller, id, ct));
}
