namespace Engage.Application.Storage.Entities;

/// <summary>A category (<c>components/schemas/Category</c>). Table <c>Categories</c>, PartitionKey = category id, RowKey = "".</summary>
public sealed class CategoryEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>The parent category's id, or null for a root category.</summary>
    public string? ParentId { get; set; }
    /// <summary>Display color, 0 to 6 (the contract's "Category colors").</summary>
    public int Color { get; set; }
    /// <summary>Categorization is mandatory (root categories only).</summary>
    public bool Mandatory { get; set; }
    /// <summary>Several child categories may be assigned (root categories only).</summary>
    public bool Multiple { get; set; }
    /// <summary>Post qualification (root categories only).</summary>
    public bool PostQualification { get; set; }
    /// <summary>The root category itself cannot be selected (root categories only).</summary>
    public bool Unselectable { get; set; }
    /// <summary>Sources the category applies to, JSON array of source ids (root categories only).</summary>
    public string SourceIdsJson { get; set; } = "[]";
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
