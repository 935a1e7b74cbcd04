using System.Text.Json.Nodes;

namespace Engage.Application.Json;

/// <summary>A tag as <c>components/schemas/Tag</c>.</summary>
public sealed record TagView(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A custom field as <c>components/schemas/CustomField</c>, plus <c>choices</c> and <c>read_only</c> (parameters of
/// <c>createCustomField</c> that the schema does not list, answered so clients can show and check them).
/// </summary>
public sealed record CustomFieldView(
    string Id,
    string AssociatedTypeName,
    string Key,
    string Label,
    string Type,
    bool Multiple,
    int Position,
    IReadOnlyList<string> Choices,
    bool ReadOnly,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>
/// An identity group as <c>components/schemas/IdentityGroup</c>: the profile, its identities, and the values of its
/// custom fields by key (a string, number, boolean, or array for a multiple field).
/// </summary>
public sealed record IdentityGroupView(
    string Id,
    string? Firstname,
    string? Lastname,
    string? Company,
    string? Gender,
    string? Notes,
    string? AvatarUrl,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> HomePhones,
    IReadOnlyList<string> MobilePhones,
    IReadOnlyList<string> TagIds,
    JsonObject CustomFieldValues,
    IReadOnlyList<string> IdentityIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
