using Engage.Application.Categories;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>DELETE /1.0/categories/{id}</c> (needs <c>manage_categories</c>); refused while the category has children.</summary>
public sealed class DeleteCategory(CategoryService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters, then calls <see cref="CategoryService.DeleteAsync"/>.</summary>
    [Function(nameof(DeleteCategory))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "1.0/categories/{id}")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.DeleteAsync(caller, id, parameters, ct));
}
