namespace Engage.Application.Json;

/// <summary>A category as <c>components/schemas/Category</c> (openapi.yaml); <c>parent_id</c> is null for a root category.</summary>
public sealed record CategoryView(
    string Id,
    string Name,
    string? ParentId,
    int Color,
    bool Mandatory,
    bool Multiple,
    bool PostQualification,
    bool Unselectable,
    IReadOnlyList<string> SourceIds,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
