using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/users/{id}</c>: deletes the user and revokes their tokens.</summary>
public sealed class DeleteUser(UserAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="UserAdmin.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteUser))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/users/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await admin.DeleteAsync(caller, id, ct));
}
