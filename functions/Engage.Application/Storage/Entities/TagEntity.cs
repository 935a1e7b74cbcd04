namespace Engage.Application.Storage.Entities;

/// <summary>A tag (<c>components/schemas/Tag</c>). Table <c>Tags</c>, PartitionKey = tag id, RowKey = "".</summary>
public sealed class TagEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Display name, unique ignoring case.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
