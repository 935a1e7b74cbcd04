using System.Globalization;
using Engage.Domain.Api;

namespace Engage.Domain.Profiles;

/// <summary>
/// Checks and converts the values written as <c>custom_field_values[key]=v</c> or <c>custom_field_values[key][]=v</c>
/// (PROTOCOL.md, "REST conventions") against their definition. A stored value is a string, a whole number, a number, a
/// boolean, or, for a multiple field, an array of those; no value (or only empty ones) means "remove the value".
/// </summary>
public static class CustomFieldValues
{
    /// <summary>Longest <c>string</c> value, in characters.</summary>
    public const int StringMaxLength = 255;

    /// <summary>Longest <c>text</c> value, in characters.</summary>
    public const int TextMaxLength = 10_000;

    /// <summary>
    /// Writes <paramref name="values"/> (converted values by key; null removes the key) onto <paramref name="fields"/>, the
    /// stored values of an intervention or a thread. Returns each key whose value this changed, with its new value (null
    /// when removed): empty when the write changes nothing.
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject Apply(System.Text.Json.Nodes.JsonObject fields, IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode?> values)
    {
        var changed = new System.Text.Json.Nodes.JsonObject();
        foreach (var (key, value) in values)
        {
            if (System.Text.Json.Nodes.JsonNode.DeepEquals(fields[key], value)) continue;
            changed[key] = value?.DeepClone();
            if (value is null) fields.Remove(key);
            else fields[key] = value.DeepClone();
        }
        return changed;
    }

    /// <summary>
    /// The value to store for <paramref name="raw"/> (null to remove it).
    /// </summary>
    /// <exception cref="EngageException">
    /// 422 <c>read_only_custom_field</c> for a read-only field; 422 <c>invalid_custom_field_value</c> whose message names
    /// <c>custom_field_values[key]</c> and the reason (not a number, not a choice, several values for a single field, ...).
    /// </exception>
    public static object? Convert(CustomFieldDefinition field, IReadOnlyList<string> raw)
    {
        if (field.ReadOnly)
        {
            throw EngageException.Unprocessable("read_only_custom_field", $"custom_field_values[{field.Key}] is read-only.");
        }
        var values = raw.Where(v => v.Length > 0).ToList();
        if (values.Count == 0) return null;
        var multiple = CustomFieldTypes.IsMultiple(field.Type, field.Multiple);
        if (!multiple && values.Count > 1)
        {
            throw Invalid(field, "takes one value, not " + values.Count);
        }
        var converted = values.Select(v => One(field, v)).ToList();
        if (multiple) return converted.Distinct().ToList();
        return converted[0];
    }

    private static object One(CustomFieldDefinition field, string value) => field.Type switch
    {
        "integer" => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid(field, $"must be a whole number (got \"{value}\")"),
        "float" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw Invalid(field, $"must be a number (got \"{value}\")"),
        "boolean" => ApiParameters.ParseBoolean(value) ?? throw Invalid(field, $"must be true or false (got \"{value}\")"),
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : throw Invalid(field, $"must be a date yyyy-mm-dd (got \"{value}\")"),
        "single_choice" or "multiple_choice" => field.Choices.Contains(value, StringComparer.Ordinal)
            ? value : throw Invalid(field, $"must be one of {string.Join(", ", field.Choices)} (got \"{value}\")"),
        "text" => value.Length <= TextMaxLength ? value : throw Invalid(field, $"is longer than {TextMaxLength} characters"),
        _ => value.Length <= StringMaxLength ? value : throw Invalid(field, $"is longer than {StringMaxLength} characters"),
    };

    private static EngageException Invalid(CustomFieldDefinition field, string reason) =>
        EngageException.Unprocessable("invalid_custom_field_value", $"custom_field_values[{field.Key}] {reason}.");
}
