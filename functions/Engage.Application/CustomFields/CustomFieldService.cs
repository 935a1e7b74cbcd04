using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;
using Engage.Domain.Profiles;

namespace Engage.Application.CustomFields;

/// <summary>
/// Custom field definitions per the contract (<c>/custom_fields</c> and <c>/custom_fields/{customFieldId}</c> of
/// openapi.yaml) for identity groups and interventions. Reads for any authenticated user (bots need the definitions to
/// write values); create, update and delete need <c>manage_custom_fields</c> (403). <c>key</c> defaults to the label in
/// snake_case and is unique per <c>associated_type_name</c>; <c>type</c> defaults to <c>string</c>; choice types need
/// <c>choices[]</c>. Key, type and owner cannot change; changing choices does not recheck values already stored.
/// </summary>
public sealed class CustomFieldService(CustomFieldStore store, TimeProvider time)
{
    /// <summary>The permission every write needs.</summary>
    public const string ManagePermission = "manage_custom_fields";

    /// <summary><c>GET /1.0/custom_fields</c>: by position ascending (then creation); offset or cursor.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<CustomFieldView>> ListAsync(Paging paging, CancellationToken cancellationToken)
    {
        var page = Keyset.Page(await store.ListAsync(cancellationToken), f => [Keyset.Ascending(DateTimeOffset.UnixEpoch.AddSeconds(f.Position + 1L)), Keyset.Ascending(f.CreatedAt), f.Id], paging, "custom_fields", "position.asc");
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(CustomFieldStore.ToView).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/custom_fields/{id}</c>.</summary>
    /// <exception cref="EngageException">404 unknown id.</exception>
    public async Task<CustomFieldView> GetAsync(string id, CancellationToken cancellationToken) =>
        CustomFieldStore.ToView(await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Custom field"));

    /// <summary>
    /// <c>POST /1.0/custom_fields</c> with <c>associated_type_name</c>, <c>label</c>, and optionally <c>key</c>,
    /// <c>type</c>, <c>choices[]</c>, <c>multiple</c>, <c>position</c>, <c>read_only</c>.
    /// </summary>
    /// <exception cref="EngageException">403; 422 <c>missing_parameter</c>, <c>invalid_parameter</c> or <c>custom_field_key_taken</c>.</exception>
    public async Task<CustomFieldView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var owner = p.String("associated_type_name") ?? throw EngageException.Unprocessable("missing_parameter", "associated_type_name is required.");
        if (!CustomFieldTypes.Owners.Contains(owner)) throw EngageException.Unprocessable("invalid_parameter", $"associated_type_name must be one of {string.Join(", ", CustomFieldTypes.Owners)}.");
        var label = CheckLabel(p.String("label") ?? throw EngageException.Unprocessable("missing_parameter", "label is required."));
        var key = p.String("key") ?? KeyOf(label);
        if (!IsKey(key))
        {
            throw EngageException.Unprocessable("invalid_parameter", p.Has("key")
                ? "key must be 1 to 64 lowercase letters, digits or underscores."
                : "The label gives no usable key (1 to 64 lowercase letters, digits or underscores): give key.");
        }
        var type = p.String("type") ?? "string";
        if (!CustomFieldTypes.All.Contains(type)) throw EngageException.Unprocessable("invalid_parameter", $"type must be one of {string.Join(", ", CustomFieldTypes.All)}.");
        if ((await store.ListAsync(cancellationToken)).Any(f => f.AssociatedTypeName == owner && f.Key == key))
        {
            throw EngageException.Unprocessable("custom_field_key_taken", $"A custom field of {owner} has the key {key} already.");
        }
        var now = time.GetUtcNow();
        var id = EngageId.New(now);
        var field = new CustomFieldEntity
        {
            PartitionKey = id, RowKey = string.Empty, Id = id, AssociatedTypeName = owner, Key = key, Label = label, Type = type,
            Multiple = p.Boolean("multiple") ?? false, CreatedAt = now, UpdatedAt = now,
        };
        Apply(field, p);
        if (CustomFieldTypes.HasChoices(type) && CustomFieldStore.ChoicesOf(field).Count == 0)
        {
            throw EngageException.Unprocessable("missing_parameter", $"choices[] is required for a {type} field.");
        }
        await store.WriteAsync(TableTransactionActionType.Add, field, cancellationToken);
        return CustomFieldStore.ToView(field);
    }

    /// <summary><c>PUT /1.0/custom_fields/{id}</c> with <c>label</c>, <c>choices[]</c>, <c>position</c>, <c>read_only</c>.</summary>
    /// <exception cref="EngageException">403; 404 unknown id; 422 <c>invalid_parameter</c>; 409 when it changed meanwhile.</exception>
    public async Task<CustomFieldView> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var field = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Custom field");
        foreach (var (name, current) in new[] { ("key", field.Key), ("type", field.Type), ("associated_type_name", field.AssociatedTypeName) })
        {
            if (p.Has(name) && p.String(name) != current) throw EngageException.Unprocessable("invalid_parameter", $"{name} cannot change; create another custom field.");
        }
        if (p.Has("label")) field.Label = CheckLabel(p.String("label") ?? throw EngageException.Unprocessable("missing_parameter", "label cannot be empty."));
        Apply(field, p);
        if (CustomFieldTypes.HasChoices(field.Type) && CustomFieldStore.ChoicesOf(field).Count == 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"choices[] cannot be emptied on a {field.Type} field.");
        }
        field.UpdatedAt = time.GetUtcNow();
        await ConflictAsync(() => store.WriteAsync(TableTransactionActionType.UpdateReplace, field, cancellationToken));
        return CustomFieldStore.ToView(field);
    }

    /// <summary><c>DELETE /1.0/custom_fields/{id}</c>: answers the deleted definition. Values already stored stay where they are.</summary>
    /// <exception cref="EngageException">403; 404 unknown id; 409 when it changed meanwhile.</exception>
    public async Task<CustomFieldView> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var field = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Custom field");
        await ConflictAsync(() => store.WriteAsync(TableTransactionActionType.Delete, field, cancellationToken));
        return CustomFieldStore.ToView(field);
    }

    private static void Apply(CustomFieldEntity field, ApiParameters p)
    {
        if (p.Has("choices"))
        {
            var choices = p.Strings("choices").Distinct(StringComparer.Ordinal).ToList();
            if (choices.Count > MaxChoices || choices.Any(c => c.Length > MaxTextLength))
            {
                throw EngageException.Unprocessable("invalid_parameter", $"choices[] holds at most {MaxChoices} values of at most {MaxTextLength} characters each.");
            }
            field.ChoicesJson = JsonSerializer.Serialize(choices);
        }
        if (p.Integer("position") is { } position)
        {
            field.Position = position is >= -1 and <= 100_000 ? (int)position : throw EngageException.Unprocessable("invalid_parameter", "position must be from -1 to 100000.");
        }
        field.ReadOnly = p.Boolean("read_only") ?? field.ReadOnly;
    }

    /// <summary>Longest label or choice, in characters.</summary>
    public const int MaxTextLength = 255;

    /// <summary>Most choices of one field.</summary>
    public const int MaxChoices = 500;

    private static string CheckLabel(string label) =>
        label.Length <= MaxTextLength ? label : throw EngageException.Unprocessable("invalid_parameter", $"label is longer than {MaxTextLength} characters.");

    private static bool IsKey(string key) => key.Length is > 0 and <= 64 && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    // "Order number" -> "order_number": what an admin would type as the key.
    private static string KeyOf(string label)
    {
        var key = new StringBuilder();
        foreach (var c in label.Trim().ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) key.Append(c);
            else if (key.Length > 0 && key[^1] != '_') key.Append('_');
        }
        return key.ToString().TrimEnd('_');
    }

    private static async Task ConflictAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            throw new EngageException(409, "conflict", "The custom field changed meanwhile; read it again and retry.");
        }
    }
}
