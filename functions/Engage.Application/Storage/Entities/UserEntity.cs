namespace Engage.Application.Storage.Entities;

/// <summary>A user (agent, bot or admin). Table <c>Users</c>, PartitionKey = user id, RowKey = "".</summary>
public sealed class UserEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Email (unique).</summary>
    public string Email { get; set; } = string.Empty;
    /// <summary>First name.</summary>
    public string? Firstname { get; set; }
    /// <summary>Last name.</summary>
    public string? Lastname { get; set; }
    /// <summary>Nickname.</summary>
    public string? Nickname { get; set; }
    /// <summary>Role id.</summary>
    public string RoleId { get; set; } = string.Empty;
    /// <summary>Disabled users' tokens stop working.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Permissions per source, JSON object <c>{"source id": ["read", "reply", ...]}</c> (roles with all-sources access need none).</summary>
    public string SourcePermissionsJson { get; set; } = "{}";
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
