using Engage.Application.Queries;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/contents?q=thread:"id"</c>: a thread's contents, newest first unless <c>order:created_at.asc</c>.</summary>
public sealed class ListContents(ReadApi api, HttpApi http)
{
    /// <summary>Authenticates, then answers from <see cref="ReadApi"/>.</summary>
    [Function(nameof(ListContents))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/contents")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await api.ListContentsAsync(caller, ApiRequest.Paging(req), ApiRequest.Param(req, "q"), ApiRequest.Param(req, "updated_since"), ct));
}
