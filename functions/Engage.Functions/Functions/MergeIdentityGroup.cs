using Engage.Application.IdentityGroups;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/identity_groups/{id}/merge?associated_identity_id=</c> (needs <c>update_identity</c>).</summary>
public sealed class MergeIdentityGroup(IdentityMoves service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters, then calls <see cref="IdentityMoves.MergeAsync"/>.</summary>
    [Function(nameof(MergeIdentityGroup))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/identity_groups/{id}/merge")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.MergeAsync(caller, id, parameters.String("associated_identity_id"), ct));
}
