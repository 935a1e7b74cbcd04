using Engage.Application.Categories;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/categories</c>: by creation date ascending, with <c>ids</c>, <c>parent_id</c>, <c>offset</c>/<c>limit</c> or <c>cursor</c>.</summary>
public sealed class ListCategories(CategoryService service, HttpApi http)
{
    /// <summary>Authenticates (any user may read), then calls <see cref="CategoryService.ListAsync"/>.</summary>
    [Function(nameof(ListCategories))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/categories")] HttpRequest req) =>
        http.RunAsync(req, async (caller, ct) => await service.ListAsync(ApiRequest.Paging(req), ApiRequest.Param(req, "ids"), ApiRequest.Param(req, "parent_id"), ct));
}
