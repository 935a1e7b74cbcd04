using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/roles</c>.</summary>
public sealed class CreateRole(RoleAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="RoleAdmin"/>.</summary>
    [Function(nameof(CreateRole))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/roles")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await admin.CreateAsync(caller, parameters, ct));
}
