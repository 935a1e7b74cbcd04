using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/users/{id}/sources_permissions</c>: <c>{"source id": ["read", ...]}</c>.</summary>
public sealed class GetUserSourcesPermissions(UserAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="UserAdmin.GetSourcePermissionsAsync"/>.</summary>
    [Function(nameof(GetUserSourcesPermissions))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/users/{id}/sources_permissions")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await admin.GetSourcePermissionsAsync(caller, id, ct));
}
