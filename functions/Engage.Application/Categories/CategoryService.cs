using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Categories;

/// <summary>
/// Categories per the contract (<c>/categories</c> and <c>/categories/{categoryId}</c> of openapi.yaml): reads for any
/// authenticated user; create, update and delete need <c>manage_categories</c> (403 otherwise). Parameters: <c>name</c>,
/// <c>parent_id</c>, <c>color</c> (0 to 6), and, for root categories only (the contract ignores them on a child),
/// <c>mandatory</c>, <c>multiple</c>, <c>post_qualification</c>, <c>unselectable</c>, <c>source_ids[]</c>.
/// An unknown parent or source is 422, a parent that would make a cycle is 422 <c>parent_cycle</c>, and a category
/// that still has children cannot be deleted (422 <c>category_has_children</c>): nothing is cascaded or orphaned.
/// </summary>
public sealed class CategoryService(CategoryStore store, SourceStore sources, TimeProvider time)
{
    /// <summary>The permission every write needs.</summary>
    public const string ManagePermission = "manage_categories";

    /// <summary>
    /// <c>GET /1.0/categories</c>: by creation date ascending (then id), optionally filtered by <c>ids</c>
    /// (comma-separated) and <c>parent_id</c>; <c>count</c> is the number after filtering; offset or keyset cursor.
    /// Cost: one scan of the small <c>Categories</c> table.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for a value that is not an id; 422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<CategoryView>> ListAsync(Paging paging, string? ids, string? parentId, CancellationToken cancellationToken)
    {
        var wanted = ids is null ? null : ListFilters.Ids("ids", [ids]).ToHashSet(StringComparer.Ordinal);
        var parent = ListFilters.Id("parent_id", parentId);
        var matching = (await store.ListAsync(cancellationToken))
            .Where(c => (wanted is null || wanted.Contains(c.Id)) && (parent is null || c.ParentId == parent));
        var page = Keyset.Page(matching, c => [Keyset.Ascending(c.CreatedAt), c.Id], paging, "categories", "created_at.asc");
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(CategoryStore.ToView).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/categories/{id}</c>.</summary>
    /// <exception cref="EngageException">404 unknown id.</exception>
    public async Task<CategoryView> GetAsync(string id, CancellationToken cancellationToken) =>
        CategoryStore.ToView(await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Category"));

    /// <summary><c>POST /1.0/categories</c>.</summary>
    /// <exception cref="EngageException">403 without <c>manage_categories</c>; 422 without a name, for an unknown parent or source, or a bad color.</exception>
    public async Task<CategoryView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var name = p.String("name") ?? throw EngageException.Unprocessable("missing_parameter", "name is required.");
        var now = time.GetUtcNow();
        var id = EngageId.New(now);
        var category = new CategoryEntity { PartitionKey = id, RowKey = string.Empty, Id = id, Name = name, CreatedAt = now, UpdatedAt = now };
        if (p.String("parent_id") is { } parentId)
        {
            if (await store.FindAsync(parentId, cancellationToken) is null) throw UnknownParent(parentId);
            category.ParentId = parentId;
        }
        await ApplyAsync(category, p, cancellationToken);
        await store.AddAsync(category, cancellationToken);
        return CategoryStore.ToView(category);
    }

    /// <summary><c>PUT /1.0/categories/{id}</c>: changes the fields given; <c>parent_id</c> given empty (or JSON null) makes it a root.</summary>
    /// <exception cref="EngageException">403; 404 unknown id; 422 as for create, or <c>parent_cycle</c>; 409 when it changed meanwhile.</exception>
    public async Task<CategoryView> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var category = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Category");
        if (p.Has("name")) category.Name = p.String("name") ?? throw EngageException.Unprocessable("missing_parameter", "name cannot be empty.");
        if (p.Has("parent_id"))
        {
            var parentId = p.String("parent_id");
            if (parentId is not null && parentId != category.ParentId) await RequireNoCycleAsync(category.Id, parentId, cancellationToken);
            category.ParentId = parentId;
        }
        await ApplyAsync(category, p, cancellationToken);
        category.UpdatedAt = time.GetUtcNow();
        await SaveOrConflictAsync(() => store.SaveAsync(category, cancellationToken));
        return CategoryStore.ToView(category);
    }

    /// <summary>
    /// <c>DELETE /1.0/categories/{id}</c>: answers the deleted category. A category with children is refused (422
    /// <c>category_has_children</c>, naming them): delete or move the children first. <c>take_over_category_id</c>
    /// (recategorising what used the category) is not supported and is refused with 422; threads and interventions keep
    /// the deleted id in their category lists.
    /// </summary>
    /// <exception cref="EngageException">403; 404 unknown id; 422 as above; 409 when it changed meanwhile.</exception>
    public async Task<CategoryView> DeleteAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var category = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Category");
        if (p.String("take_over_category_id") is not null)
        {
            throw EngageException.Unprocessable("unsupported_parameter", "take_over_category_id is not supported: recategorise threads and interventions first.");
        }
        var children = (await store.ListAsync(cancellationToken)).Where(c => c.ParentId == category.Id).Select(c => c.Id).ToList();
        if (children.Count > 0)
        {
            throw EngageException.Unprocessable("category_has_children", $"The category has child categories ({string.Join(", ", children)}): delete or move them first.");
        }
        await SaveOrConflictAsync(() => store.DeleteAsync(category, cancellationToken));
        return CategoryStore.ToView(category);
    }

    // color for every category; the root-only fields are kept only while the category has no parent.
    private async Task ApplyAsync(CategoryEntity category, ApiParameters p, CancellationToken cancellationToken)
    {
        if (p.Integer("color") is { } color)
        {
            category.Color = color is >= 0 and <= 6 ? (int)color : throw EngageException.Unprocessable("invalid_parameter", "color must be a whole number from 0 to 6.");
        }
        if (category.ParentId is not null)
        {
            category.Mandatory = category.Multiple = category.PostQualification = category.Unselectable = false;
            category.SourceIdsJson = "[]";
            return;
        }
        category.Mandatory = p.Boolean("mandatory") ?? category.Mandatory;
        category.Multiple = p.Boolean("multiple") ?? category.Multiple;
        category.PostQualification = p.Boolean("post_qualification") ?? category.PostQualification;
        category.Unselectable = p.Boolean("unselectable") ?? category.Unselectable;
        if (p.Has("source_ids"))
        {
            var sourceIds = p.Strings("source_ids").Distinct(StringComparer.Ordinal).ToList();
            var found = await Task.WhenAll(sourceIds.Select(s => sources.FindAsync(s, cancellationToken)));
            var unknown = sourceIds.Where((_, i) => found[i] is null).ToList();
            if (unknown.Count > 0) throw EngageException.Unprocessable("invalid_parameter", $"Unknown source ids: {string.Join(", ", unknown)}.");
            category.SourceIdsJson = JsonSerializer.Serialize(sourceIds);
        }
    }

    // The new parent must exist and must not be the category itself or one of its descendants.
    private async Task RequireNoCycleAsync(string categoryId, string parentId, CancellationToken cancellationToken)
    {
        var byId = (await store.ListAsync(cancellationToken)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        if (!byId.ContainsKey(parentId)) throw UnknownParent(parentId);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var at = parentId; at is not null && seen.Add(at); at = byId.GetValueOrDefault(at)?.ParentId)
        {
            if (at == categoryId) throw EngageException.Unprocessable("parent_cycle", $"Category {parentId} is {categoryId} itself or one of its descendants.");
        }
    }

    private static EngageException UnknownParent(string parentId) =>
        EngageException.Unprocessable("invalid_parameter", $"parent_id names no category: {parentId}.");

    private static async Task SaveOrConflictAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            throw new EngageException(409, "conflict", "The category changed meanwhile; read it again and retry.");
        }
    }
}
