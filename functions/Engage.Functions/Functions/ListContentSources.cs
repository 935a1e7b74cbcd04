using Engage.Application.Sources;
using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/content_sources</c>: readable sources, oldest first, with <c>permission</c>, <c>active</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListContentSources(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListContentSources))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/content_sources")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListSourcesAsync(
            caller, ApiRequest.Paging(req), SourceListFilter.Parse(ApiRequest.Param(req, "permission"), ApiRequest.Param(req, "active")), ct));
}
