using Engage.Application.Threads;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/content_threads/{id}/ignore</c>: archives every content of the thread.</summary>
public sealed class IgnoreThread(ContentService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="ContentService"/>.</summary>
    [Function(nameof(IgnoreThread))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/content_threads/{id}/ignore")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.IgnoreThreadAsync(caller, id, ct));
}
