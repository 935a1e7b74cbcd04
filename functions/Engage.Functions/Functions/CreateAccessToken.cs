using Engage.Application.Admin;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/access_tokens</c> (our extension): issues a token, shown once.</summary>
public sealed class CreateAccessToken(TokenAdmin admin, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="TokenAdmin"/>.</summary>
    [Function(nameof(CreateAccessToken))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/access_tokens")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await admin.IssueAsync(caller, parameters, ct));
}
