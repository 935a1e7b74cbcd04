using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/identities</c>: identities of readable sources, oldest first.</summary>
public sealed class ListIdentities(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListIdentities))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/identities")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListIdentitiesAsync(caller, ApiRequest.Paging(req), ApiRequest.Param(req, "source_id"), ct));
}
