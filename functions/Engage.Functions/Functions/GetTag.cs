using Engage.Application.Tags;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/tags/{id}</c>.</summary>
public sealed class GetTag(TagService service, HttpApi http)
{
    /// <summary>Authenticates (any user may read), then calls <see cref="TagService.GetAsync"/>.</summary>
    [Function(nameof(GetTag))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/tags/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await service.GetAsync(id, ct));
}
