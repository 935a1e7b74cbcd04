using System.Text.Json.Nodes;

namespace Engage.Domain.Profiles;

/// <summary>
/// The names of an identity group's profile fields (openapi.yaml, <c>components/schemas/IdentityGroup</c> and
/// <c>updateIdentityGroup</c>). The profile is one JSON object with these keys; custom field values are under
/// <c>custom_field_values</c>, and a change names one of them as <c>custom_field_values[key]</c>.
/// </summary>
public static class ProfileFields
{
    /// <summary>Single-valued text fields.</summary>
    public static readonly IReadOnlyList<string> Scalars = ["firstname", "lastname", "company", "gender", "notes", "avatar_url"];

    /// <summary>List fields (written as <c>name[]</c>).</summary>
    public static readonly IReadOnlyList<string> Lists = ["emails", "home_phones", "mobile_phones", "tag_ids"];

    /// <summary>The hash of custom field values.</summary>
    public const string CustomFieldValues = "custom_field_values";

    /// <summary>The change name of one custom field value.</summary>
    public static string CustomField(string key) => $"{CustomFieldValues}[{key}]";

    /// <summary>The value of <paramref name="name"/> (a scalar, a list, or <c>custom_field_values[key]</c>) in <paramref name="profile"/>, or null.</summary>
    public static JsonNode? Get(JsonObject profile, string name) =>
        KeyOf(name) is { } key ? (profile[CustomFieldValues] as JsonObject)?[key] : profile[name];

    /// <summary>Sets (or, with null, removes) <paramref name="name"/> in <paramref name="profile"/>.</summary>
    public static void Set(JsonObject profile, string name, JsonNode? value)
    {
        if (KeyOf(name) is { } key)
        {
            if (profile[CustomFieldValues] is not JsonObject values) profile[CustomFieldValues] = values = [];
            if (value is null) values.Remove(key);
            else values[key] = value.DeepClone();
            return;
        }
        if (value is null) profile.Remove(name);
        else profile[name] = value.DeepClone();
    }

    /// <summary>The strings of a list field (empty when unset).</summary>
    public static IReadOnlyList<string> Strings(JsonObject profile, string name) =>
        profile[name] is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : [];

    /// <summary>A scalar field's text, or null.</summary>
    public static string? Text(JsonObject profile, string name) => profile[name]?.GetValue<string>();

    private static string? KeyOf(string name) =>
        name.StartsWith(CustomFieldValues + "[", StringComparison.Ordinal) && name.EndsWith(']') ? name[(CustomFieldValues.Length + 1)..^1] : null;
}
