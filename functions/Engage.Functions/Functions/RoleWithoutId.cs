using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT</c>, <c>PATCH</c> and <c>DELETE /1.0/roles</c> (no id): 401 without a valid token, else 422 (see <see cref="RoleAdmin.RequireId"/>).</summary>
public sealed class RoleWithoutId(HttpApi http)
{
    /// <summary>Authenticates, then refuses.</summary>
    [Function(nameof(RoleWithoutId))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", "patch", "delete", Route = "1.0/roles")] HttpRequest req) =>
        http.RunWriteAsync(req, (_, _, _) => RoleAdmin.RequireId(req.Method));
}
