namespace Engage.Domain.Profiles;

/// <summary>
/// What a custom field value is checked against (openapi.yaml, <c>components/schemas/CustomField</c> and
/// <c>createCustomField</c>): its <c>key</c>, <c>type</c>, <c>multiple</c>, <c>choices[]</c> and <c>read_only</c>.
/// </summary>
public sealed record CustomFieldDefinition(string Key, string Type, bool Multiple, IReadOnlyList<string> Choices, bool ReadOnly);
