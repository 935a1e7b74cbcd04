using Engage.Application.Users;
using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/users</c>, oldest first, with <c>email</c>, <c>role_id</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListUsers(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListUsers))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/users")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListUsersAsync(caller, ApiRequest.Paging(req), UserListFilter.Parse(
            ApiRequest.Param(req, "email"), ApiRequest.Param(req, "category_id"), ApiRequest.Param(req, "identity_id"),
            ApiRequest.Param(req, "external_id"), ApiRequest.Param(req, "role_id"), ApiRequest.Param(req, "team_id")), ct));
}
