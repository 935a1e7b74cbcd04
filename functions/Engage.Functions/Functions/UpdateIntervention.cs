using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/interventions/{id}</c> with <c>custom_field_values[key]</c>.</summary>
public sealed class UpdateIntervention(InterventionService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="InterventionService"/>.</summary>
    [Function(nameof(UpdateIntervention))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/interventions/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateCustomFieldsAsync(caller, id, parameters.Hash("custom_field_values"), ct));
}
