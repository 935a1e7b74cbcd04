namespace Engage.Application.Storage.Entities;

/// <summary>A role. Table <c>Roles</c>, PartitionKey = role id, RowKey = "".</summary>
public sealed class RoleEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Label (admin, agent, bot for the seeded roles).</summary>
    public string Label { get; set; } = string.Empty;
    /// <summary>Permission flags set to true, JSON array of the contract's Role field names.</summary>
    public string PermissionsJson { get; set; } = "[]";
    /// <summary>Users of this role read every source (our flag; not in the contract's Role schema).</summary>
    public bool AllSources { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
