using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/access_tokens/{id}</c> (our extension): revokes a token at once.</summary>
public sealed class RevokeAccessToken(TokenAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="TokenAdmin.RevokeAsync"/>.</summary>
    [Function(nameof(RevokeAccessToken))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/access_tokens/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await admin.RevokeAsync(caller, id, ct));
}
