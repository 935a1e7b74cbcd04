using Engage.Application.CustomFields;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/custom_fields/{id}</c> (needs <c>manage_custom_fields</c>).</summary>
public sealed class DeleteCustomField(CustomFieldService service, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="CustomFieldService.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteCustomField))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/custom_fields/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.DeleteAsync(caller, id, ct));
}
