using Engage.Application.Categories;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /1.0/categories</c> (needs <c>manage_categories</c>).</summary>
public sealed class CreateCategory(CategoryService service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="CategoryService.CreateAsync"/>.</summary>
    [Function(nameof(CreateCategory))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "1.0/categories")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CreateAsync(caller, parameters, ct));
}
