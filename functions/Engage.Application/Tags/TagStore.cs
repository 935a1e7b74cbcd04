using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Tags;

/// <summary>
/// Reads and writes tags (table <c>Tags</c>, one partition per tag, RowKey ""). Lists and name checks scan this small
/// table; replaces and deletes are ETag-guarded.
/// </summary>
public sealed class TagStore(EngageStorage storage)
{
    private TableClient Table => storage.Table(StorageNames.TagsTable);

    /// <summary>One tag by id, or null (one point read; a malformed id is null).</summary>
    public Task<TagEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? Table.FindAsync<TagEntity>(id, string.Empty, cancellationToken) : Task.FromResult<TagEntity?>(null);

    /// <summary>Every tag, by name ascending (the contract's order), then id.</summary>
    public async Task<IReadOnlyList<TagEntity>> ListAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<TagEntity>(null, cancellationToken))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Refuses tag ids that name no tag: 422 <c>unknown_tag</c> whose message lists them. One point read per distinct id.
    /// </summary>
    /// <exception cref="EngageException">422 <c>unknown_tag</c>.</exception>
    public async Task RequireExistAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(wanted.Select(id => FindAsync(id, cancellationToken)));
        var unknown = wanted.Where((_, i) => found[i] is null).ToList();
        if (unknown.Count > 0) throw EngageException.Unprocessable("unknown_tag", $"Unknown tag ids: {string.Join(", ", unknown)}.");
    }

    /// <summary>Adds, replaces (ETag-guarded) or deletes (ETag-guarded) a tag.</summary>
    public Task WriteAsync(TableTransactionActionType action, TagEntity tag, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.TagsTable, [new(action, tag, action == TableTransactionActionType.Add ? default : tag.ETag)], cancellationToken);

    /// <summary>The contract's JSON shape of a tag.</summary>
    public static TagView ToView(TagEntity t) => new(t.Id, t.Name, t.CreatedAt, t.UpdatedAt);
}
