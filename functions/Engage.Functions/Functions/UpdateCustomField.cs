using Engage.Application.CustomFields;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/custom_fields/{id}</c> (needs <c>manage_custom_fields</c>).</summary>
public sealed class UpdateCustomField(CustomFieldService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters, then calls <see cref="CustomFieldService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateCustomField))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/custom_fields/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateAsync(caller, id, parameters, ct));
}
