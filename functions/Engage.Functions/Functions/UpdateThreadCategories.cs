using Engage.Application.Categories;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/content_threads/{id}/update_categories</c> with <c>thread_category_ids[]</c>.</summary>
public sealed class UpdateThreadCategories(ThreadCategorizer service, HttpApi http)
{
    /// <summary>Authenticates, reads the parameters (query, form or JSON), then calls <see cref="ThreadCategorizer.CategorizeAsync"/>.</summary>
    [Function(nameof(UpdateThreadCategories))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/content_threads/{id}/update_categories")] HttpRequest req, string id) =>
        http.RunWriteAsync(req, async (caller, parameters, ct) => await service.CategorizeAsync(caller, id, parameters.Strings("thread_category_ids"), ct));
}
