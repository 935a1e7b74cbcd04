using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/roles/{id}</c>, and <c>PATCH</c> as an alias.</summary>
public sealed class UpdateRole(RoleAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="RoleAdmin"/>.</summary>
    [Function(nameof(UpdateRole))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", "patch", Route = "1.0/roles/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await admin.UpdateAsync(caller, id, parameters, ct));
}
