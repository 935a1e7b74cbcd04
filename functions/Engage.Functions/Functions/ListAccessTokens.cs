using Engage.Application.Admin;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/access_tokens</c> (our extension): tokens without their secret, oldest first, with <c>user_id</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListAccessTokens(TokenAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="TokenAdmin.ListAsync"/>.</summary>
    [Function(nameof(ListAccessTokens))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/access_tokens")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await admin.ListAsync(caller, ApiRequest.Paging(req), ApiRequest.Param(req, "user_id"), ct));
}
