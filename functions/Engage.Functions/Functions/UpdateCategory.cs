using Engage.Application.Categories;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/categories/{id}</c> (needs <c>manage_categories</c>).</summary>
public sealed class UpdateCategory(CategoryService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="CategoryService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateCategory))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/categories/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.UpdateAsync(caller, id, parameters, ct));
}
