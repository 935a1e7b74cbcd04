using Engage.Application.Threads;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/content_threads/{id}</c> (ours): a thread's custom field values.</summary>
public sealed class UpdateThread(ThreadService service, HttpApi http)
{
    /// <summary>Authenticates, reads <c>custom_field_values[key]</c> (query, form or JSON), then calls <see cref="ThreadService.UpdateCustomFieldsAsync"/>.</summary>
    [Function(nameof(UpdateThread))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/content_threads/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateCustomFieldsAsync(caller, id, parameters.Hash("custom_field_values"), ct));
}
