using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/roles</c>, oldest first, with <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListRoles(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListRoles))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/roles")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListRolesAsync(ApiRequest.Paging(req), ct));
}
