using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Profiles;

namespace Engage.Application.CustomFields;

/// <summary>
/// Reads and writes custom field definitions (table <c>CustomFields</c>, one partition per field, RowKey ""). Lists and
/// the definitions used to check values are one scan of this small table.
/// </summary>
public sealed class CustomFieldStore(EngageStorage storage)
{
    private TableClient Table => storage.Table(StorageNames.CustomFieldsTable);

    /// <summary>One custom field by id, or null (one point read; a malformed id is null).</summary>
    public Task<CustomFieldEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? Table.FindAsync<CustomFieldEntity>(id, string.Empty, cancellationToken) : Task.FromResult<CustomFieldEntity?>(null);

    /// <summary>Every custom field by position ascending (the contract's order), then creation, then id.</summary>
    public async Task<IReadOnlyList<CustomFieldEntity>> ListAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<CustomFieldEntity>(null, cancellationToken))
            .OrderBy(f => f.Position).ThenBy(f => f.CreatedAt).ThenBy(f => f.Id, StringComparer.Ordinal).ToList();

    /// <summary>The definitions of one owner type (<c>IdentityGroup</c> or <c>Intervention</c>) by key. One scan.</summary>
    public async Task<IReadOnlyDictionary<string, CustomFieldDefinition>> DefinitionsAsync(string owner, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Where(f => f.AssociatedTypeName == owner).ToDictionary(f => f.Key, DefinitionOf, StringComparer.Ordinal);

    /// <summary>Adds, replaces (ETag-guarded) or deletes (ETag-guarded) a definition.</summary>
    public Task WriteAsync(TableTransactionActionType action, CustomFieldEntity field, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.CustomFieldsTable, [new(action, field, action == TableTransactionActionType.Add ? default : field.ETag)], cancellationToken);

    /// <summary>The choices of a choice field.</summary>
    public static IReadOnlyList<string> ChoicesOf(CustomFieldEntity f) => JsonSerializer.Deserialize<List<string>>(f.ChoicesJson) ?? [];

    /// <summary>What values are checked against.</summary>
    public static CustomFieldDefinition DefinitionOf(CustomFieldEntity f) => new(f.Key, f.Type, f.Multiple, ChoicesOf(f), f.ReadOnly);

    /// <summary>The contract's JSON shape of a custom field.</summary>
    public static CustomFieldView ToView(CustomFieldEntity f) => new(
        f.Id, f.AssociatedTypeName, f.Key, f.Label, f.Type, CustomFieldTypes.IsMultiple(f.Type, f.Multiple), f.Position, ChoicesOf(f), f.ReadOnly, f.CreatedAt, f.UpdatedAt);
}
