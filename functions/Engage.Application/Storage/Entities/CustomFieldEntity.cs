namespace Engage.Application.Storage.Entities;

/// <summary>
/// A custom field definition (<c>components/schemas/CustomField</c>). Table <c>CustomFields</c>, PartitionKey =
/// custom field id, RowKey = "".
/// </summary>
public sealed class CustomFieldEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary><c>IdentityGroup</c> or <c>Intervention</c>.</summary>
    public string AssociatedTypeName { get; set; } = string.Empty;
    /// <summary>The key values are stored under (<c>custom_field_values[key]</c>), unique per associated type.</summary>
    public string Key { get; set; } = string.Empty;
    /// <summary>Display label.</summary>
    public string Label { get; set; } = string.Empty;
    /// <summary>One of <see cref="Domain.Profiles.CustomFieldTypes.All"/>.</summary>
    public string Type { get; set; } = "string";
    /// <summary>Holds several values (see <see cref="Domain.Profiles.CustomFieldTypes.IsMultiple"/>).</summary>
    public bool Multiple { get; set; }
    /// <summary>The choices of a choice field, JSON array of strings.</summary>
    public string ChoicesJson { get; set; } = "[]";
    /// <summary>Display position; -1 (the contract's default) sorts first.</summary>
    public int Position { get; set; } = -1;
    /// <summary>Values cannot be written through the API.</summary>
    public bool ReadOnly { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
