namespace Engage.Domain.Profiles;

/// <summary>
/// The custom field types: the contract's (<c>createCustomField</c>'s <c>type</c> enum) plus <c>date</c> (ours, a
/// calendar day <c>yyyy-mm-dd</c>), and the owners a field can belong to (<c>associated_type_name</c>).
/// </summary>
public static class CustomFieldTypes
{
    /// <summary>Every accepted <c>type</c>; <c>string</c> is the default.</summary>
    public static readonly IReadOnlyList<string> All = ["string", "text", "integer", "float", "boolean", "date", "single_choice", "multiple_choice"];

    /// <summary>The accepted <c>associated_type_name</c> values: the contract's enum, and ours, <c>Thread</c> (issue 10).</summary>
    public static readonly IReadOnlyList<string> Owners = ["IdentityGroup", "Intervention", "Thread"];

    /// <summary>True for the types that need <c>choices[]</c>.</summary>
    public static bool HasChoices(string type) => type is "single_choice" or "multiple_choice";

    /// <summary>
    /// Whether a field of <paramref name="type"/> holds several values: always for <c>multiple_choice</c>, never for
    /// <c>single_choice</c> and <c>boolean</c> (the contract: <c>multiple</c> "has no effect" on them), else as asked.
    /// </summary>
    public static bool IsMultiple(string type, bool multiple) => type switch
    {
        "multiple_choice" => true,
        "single_choice" or "boolean" => false,
        _ => multiple,
    };
}
