using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/users</c>.</summary>
public sealed class CreateUser(UserAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="UserAdmin"/>.</summary>
    [Function(nameof(CreateUser))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/users")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await admin.CreateAsync(caller, parameters, ct));
}
