using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/users/{id}/sources_permissions</c>: parameters named by source ids, values comma-separated permissions.</summary>
public sealed class UpdateUserSourcesPermissions(UserAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="UserAdmin"/>.</summary>
    [Function(nameof(UpdateUserSourcesPermissions))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/users/{id}/sources_permissions")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await admin.SetSourcePermissionsAsync(caller, id, SourcePermissionParameters.From(parameters), ct));
}
