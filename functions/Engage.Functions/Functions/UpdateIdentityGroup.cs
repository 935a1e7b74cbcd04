using Engage.Application.IdentityGroups;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/identity_groups/{id}</c>: writes the named profile fields; 409 when another request changed one of them meanwhile, or the group changed since <c>If-Match</c>.</summary>
public sealed class UpdateIdentityGroup(IdentityGroupService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="IdentityGroupService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateIdentityGroup))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/identity_groups/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateAsync(caller, id, parameters, ApiRequest.IfMatch(req), ct));
}
