using Engage.Application.Interventions;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/interventions/{id}/update_categories</c> with <c>category_ids[]</c>.</summary>
public sealed class UpdateInterventionCategories(InterventionService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="InterventionService"/>.</summary>
    [Function(nameof(UpdateInterventionCategories))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/interventions/{id}/update_categories")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateCategoriesAsync(caller, id, parameters.Strings("category_ids"), ct));
}
