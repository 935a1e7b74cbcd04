using Engage.Application.CustomFields;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/custom_fields</c>: by position ascending, with <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListCustomFields(CustomFieldService service, HttpApi http)
{
    /// <summary>Authenticates (any user may read), then calls <see cref="CustomFieldService.ListAsync"/>.</summary>
    [Function(nameof(ListCustomFields))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/custom_fields")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await service.ListAsync(ApiRequest.Paging(req), ct));
}
