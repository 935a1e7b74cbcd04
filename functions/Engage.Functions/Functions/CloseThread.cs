using Engage.Application.Threads;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/content_threads/{id}/close</c>.</summary>
public sealed class CloseThread(ThreadService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="ThreadService"/>.</summary>
    [Function(nameof(CloseThread))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/content_threads/{id}/close")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.SetClosedAsync(caller, id, closed: true, ct));
}
