using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/content_sources</c> (our extension): creates a source; the answer shows its secret once.</summary>
public sealed class CreateContentSource(SourceAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="SourceAdmin"/>.</summary>
    [Function(nameof(CreateContentSource))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/content_sources")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => (await admin.CreateAsync(caller, parameters, ct)).ToJson());
}
