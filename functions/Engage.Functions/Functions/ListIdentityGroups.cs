using Engage.Application.IdentityGroups;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/identity_groups</c>: visible groups, newest first, with <c>firstname</c>, <c>lastname</c>, <c>email</c>, <c>ids</c>, <c>sort</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListIdentityGroups(IdentityGroupService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="IdentityGroupService.ListAsync"/>.</summary>
    [Function(nameof(ListIdentityGroups))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/identity_groups")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await service.ListAsync(caller, ApiRequest.Paging(req), IdentityGroupListFilter.Parse(
            ApiRequest.Param(req, "firstname"), ApiRequest.Param(req, "lastname"), ApiRequest.Param(req, "email"), ApiRequest.Param(req, "uuid"),
            ApiRequest.Param(req, "ids"), ApiRequest.Param(req, "sort")), ct));
}
