using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/roles/{id}</c>: not in the contract; answered 401, 403, 404 or 422 (see <see cref="RoleAdmin.DeleteAsync"/>).</summary>
public sealed class DeleteRole(RoleAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="RoleAdmin"/>.</summary>
    [Function(nameof(DeleteRole))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/roles/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, _, ct) => await admin.DeleteAsync(caller, id, ct));
}
