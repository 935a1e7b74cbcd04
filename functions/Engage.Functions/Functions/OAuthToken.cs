using Engage.Application.Auth;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /oauth/token</c>: 401 <c>invalid_grant</c> for every request (see <see cref="OAuthGrant"/>).</summary>
public sealed class OAuthToken(HttpApi http)
{
    /// <summary>Refuses the grant in the contract's error body.</summary>
    [Function(nameof(OAuthToken))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "oauth/token")] HttpRequest req) =>
        http.HandleAsync(() => throw OAuthGrant.Refuse());
}
