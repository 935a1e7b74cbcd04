using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Tags;

/// <summary>
/// Reads and writes tags (table <c>Tags</c>, one partition per tag, RowKey ""). Lists and name checks scan this small
/// table; replaces and deletes are ETag-guarded. A name is also claimed by a row of its own (PartitionKey
/// <c>name-</c> and a hash of the name in lower case, RowKey <c>n</c>, pointing at the tag), whose Add lets only one
/// of two racing writers have a name.
/// </summary>
public sealed class TagStore(EngageStorage storage, TimeProvider time)
{
    private const string ClaimRowKey = "n";

    /// <summary>How long a claim whose tag does not (yet) carry its name still holds: the claimer's write is in flight.</summary>
    public static readonly TimeSpan ClaimGrace = TimeSpan.FromMinutes(1);

    private TableClient Table => storage.Table(StorageNames.TagsTable);

    /// <summary>One tag by id, or null (one point read; a malformed id is null).</summary>
    public Task<TagEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? Table.FindAsync<TagEntity>(id, string.Empty, cancellationToken) : Task.FromResult<TagEntity?>(null);

    /// <summary>Every tag, by name ascending (the contract's order), then id.</summary>
    public async Task<IReadOnlyList<TagEntity>> ListAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<TagEntity>(TableClient.CreateQueryFilter($"RowKey eq {string.Empty}"), cancellationToken))
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

    /// <summary>
    /// Claims <paramref name="name"/> for tag <paramref name="tagId"/>. True when claimed (or already its own); false when
    /// another tag has the name, or claimed it less than <see cref="ClaimGrace"/> ago. A claim whose tag is gone or
    /// renamed, and older than that, is taken over.
    /// </summary>
    public async Task<bool> ClaimNameAsync(string name, string tagId, CancellationToken cancellationToken)
    {
        var claim = new PointerEntity { PartitionKey = ClaimPartition(name), RowKey = ClaimRowKey, TargetId = tagId };
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            if (await storage.TrySubmitAsync(StorageNames.TagsTable, [new(TableTransactionActionType.Add, claim)], cancellationToken)) return true;
            var held = await Table.FindAsync<PointerEntity>(claim.PartitionKey, ClaimRowKey, cancellationToken);
            if (held is null) continue;
            if (held.TargetId == tagId) return true;
            var holder = await FindAsync(held.TargetId, cancellationToken);
            var live = holder is not null && string.Equals(holder.Name, name, StringComparison.OrdinalIgnoreCase);
            if (live || time.GetUtcNow() - held.Timestamp < ClaimGrace) return false;
            claim.ETag = held.ETag;
            if (await storage.TrySubmitAsync(StorageNames.TagsTable, [new(TableTransactionActionType.UpdateReplace, claim, held.ETag)], cancellationToken)) return true;
        }
        return false;
    }

    /// <summary>Gives up <paramref name="name"/> if <paramref name="tagId"/> holds it (after a rename or delete, or a refused write).</summary>
    public async Task ReleaseNameAsync(string name, string tagId, CancellationToken cancellationToken)
    {
        var held = await Table.FindAsync<PointerEntity>(ClaimPartition(name), ClaimRowKey, cancellationToken);
        if (held?.TargetId == tagId) await storage.TrySubmitAsync(StorageNames.TagsTable, [new(TableTransactionActionType.Delete, held, held.ETag)], cancellationToken);
    }

    private static string ClaimPartition(string name) =>
        "name-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name.ToLowerInvariant())));

    /// <summary>The contract's JSON shape of a tag.</summary>
    public static TagView ToView(TagEntity t) => new(t.Id, t.Name, t.CreatedAt, t.UpdatedAt);
}
