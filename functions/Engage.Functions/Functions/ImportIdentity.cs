using Engage.Application.Identities;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/identities/import</c> (needs <c>update_identity</c>): 201 with the identity created or matched.</summary>
public sealed class ImportIdentity(IdentityImport service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="IdentityImport.ImportAsync"/>.</summary>
    [Function(nameof(ImportIdentity))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/identities/import")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => new Created(await service.ImportAsync(caller, parameters, ct)));
}
