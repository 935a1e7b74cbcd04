using Engage.Application.IdentityGroups;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/identity_groups/{id}</c>.</summary>
public sealed class GetIdentityGroup(IdentityGroupService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="IdentityGroupService.GetAsync"/>.</summary>
    [Function(nameof(GetIdentityGroup))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/identity_groups/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await service.GetAsync(caller, id, ct));
}
