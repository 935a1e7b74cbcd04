using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Categories;

/// <summary>
/// Reads and writes categories (table <c>Categories</c>, one partition per category, RowKey ""). The list is a scan of
/// this small table. Writes go through <see cref="EngageStorage.SubmitAsync"/>; replaces and deletes are ETag-guarded.
/// </summary>
public sealed class CategoryStore(EngageStorage storage)
{
    /// <summary>Up to this many ids are checked by point reads in parallel; more are checked against one scan.</summary>
    public const int PointReadThreshold = 10;

    private TableClient Table => storage.Table(StorageNames.CategoriesTable);

    /// <summary>One category by id, or null (one point read; a malformed id is null, never a storage error).</summary>
    public Task<CategoryEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? Table.FindAsync<CategoryEntity>(id, string.Empty, cancellationToken) : Task.FromResult<CategoryEntity?>(null);

    /// <summary>Every category, by creation date ascending (the contract's order for <c>GET /1.0/categories</c>), then id.</summary>
    public async Task<IReadOnlyList<CategoryEntity>> ListAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<CategoryEntity>(null, cancellationToken))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Refuses category ids that name no category: 422 <c>unknown_category</c> whose message lists them. Used by every
    /// endpoint that takes <c>category_ids[]</c> or <c>thread_category_ids[]</c>. An empty list passes without a read.
    /// Cost: one point read per distinct id up to <see cref="PointReadThreshold"/>, else one scan of the table.
    /// </summary>
    /// <exception cref="EngageException">422 <c>unknown_category</c>.</exception>
    public async Task RequireExistAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return;
        IReadOnlyList<string> unknown;
        if (wanted.Count <= PointReadThreshold)
        {
            var found = await Task.WhenAll(wanted.Select(id => FindAsync(id, cancellationToken)));
            unknown = wanted.Where((_, i) => found[i] is null).ToList();
        }
        else
        {
            var known = (await ListAsync(cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            unknown = wanted.Where(id => !known.Contains(id)).ToList();
        }
        if (unknown.Count > 0)
        {
            throw EngageException.Unprocessable("unknown_category", $"Unknown category ids: {string.Join(", ", unknown)}.");
        }
    }

    /// <summary>Adds a new category (its id and keys must be set).</summary>
    public Task AddAsync(CategoryEntity category, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.CategoriesTable, [new(TableTransactionActionType.Add, category)], cancellationToken);

    /// <summary>Saves a changed category, guarded by its ETag (a concurrent change makes it fail with 412).</summary>
    public Task SaveAsync(CategoryEntity category, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.CategoriesTable, [new(TableTransactionActionType.UpdateReplace, category, category.ETag)], cancellationToken);

    /// <summary>Deletes a category, guarded by its ETag.</summary>
    public Task DeleteAsync(CategoryEntity category, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.CategoriesTable, [new(TableTransactionActionType.Delete, category, category.ETag)], cancellationToken);

    /// <summary>The source ids a category applies to.</summary>
    public static IReadOnlyList<string> SourceIdsOf(CategoryEntity category) =>
        JsonSerializer.Deserialize<List<string>>(category.SourceIdsJson) ?? [];

    /// <summary>The contract's JSON shape of a category.</summary>
    public static CategoryView ToView(CategoryEntity c) => new(
        c.Id, c.Name, c.ParentId, c.Color, c.Mandatory, c.Multiple, c.PostQualification, c.Unselectable, SourceIdsOf(c), c.CreatedAt, c.UpdatedAt);
}
