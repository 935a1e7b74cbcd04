using Engage.Application.CustomFields;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/custom_fields</c> (needs <c>manage_custom_fields</c>).</summary>
public sealed class CreateCustomField(CustomFieldService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="CustomFieldService.CreateAsync"/>.</summary>
    [Function(nameof(CreateCustomField))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/custom_fields")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CreateAsync(caller, parameters, ct));
}
