using Engage.Application.Threads;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/contents/{id}/update_categories</c> with <c>category_ids[]</c>.</summary>
public sealed class UpdateContentCategories(ContentService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="ContentService"/>.</summary>
    [Function(nameof(UpdateContentCategories))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/contents/{id}/update_categories")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateCategoriesAsync(caller, id, parameters.Strings("category_ids"), ct));
}
