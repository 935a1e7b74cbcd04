using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/content_sources/{id}</c>: updates, rotates the secret, activates.</summary>
public sealed class UpdateContentSource(SourceAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="SourceAdmin"/>.</summary>
    [Function(nameof(UpdateContentSource))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/content_sources/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => (await admin.UpdateAsync(caller, id, parameters, ct)).ToJson());
}
