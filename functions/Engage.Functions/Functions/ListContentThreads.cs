using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/content_threads</c>: threads by last content, newest first.</summary>
public sealed class ListContentThreads(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListContentThreads))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/content_threads")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListThreadsAsync(caller, ApiRequest.Paging(req), ApiRequest.Param(req, "q"), ApiRequest.Param(req, "updated_since"), ct));
}
