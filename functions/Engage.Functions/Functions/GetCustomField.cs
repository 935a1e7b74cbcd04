using Engage.Application.CustomFields;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/custom_fields/{id}</c>.</summary>
public sealed class GetCustomField(CustomFieldService service, HttpApi http)
{
    /// <summary>Authenticates (any user may read), then calls <see cref="CustomFieldService.GetAsync"/>.</summary>
    [Function(nameof(GetCustomField))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/custom_fields/{id}")] HttpRequest req, string id) =>
        http.RunAsync(req, async (caller, ct) => await service.GetAsync(id, ct));
}
