using Engage.Application.Tags;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/tags</c>: by name ascending, with <c>ids</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListTags(TagService service, HttpApi http)
{
    /// <summary>Authenticates (any user may read), then calls <see cref="TagService.ListAsync"/>.</summary>
    [Function(nameof(ListTags))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/tags")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await service.ListAsync(ApiRequest.Paging(req), ApiRequest.Param(req, "ids"), ct));
}
