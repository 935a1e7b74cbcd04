using Engage.Application.Identities;
using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/identities</c>: identities of readable sources, oldest first, with <c>source_id</c>, <c>foreign_id</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListIdentities(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListIdentities))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/identities")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListIdentitiesAsync(caller, ApiRequest.Paging(req), IdentityListFilter.Parse(
            ApiRequest.Param(req, "source_id"), ApiRequest.Param(req, "foreign_id"), ApiRequest.Param(req, "community_id"),
            ApiRequest.Param(req, "identity_group_id"), ApiRequest.Param(req, "identity_group_ids"), ApiRequest.Param(req, "user_id"),
            ApiRequest.Param(req, "uuid"), ApiRequest.Param(req, "sort")), ct));
}
