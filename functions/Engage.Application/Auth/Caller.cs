using System.Text.Json;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Auth;

/// <summary>The user an access token acts for, with the role's permissions and the sources the user may read.</summary>
public sealed class Caller(UserEntity user, RoleEntity role, IReadOnlySet<string> permissions)
{
    private readonly HashSet<string> _sources = (JsonSerializer.Deserialize<List<string>>(user.SourceIdsJson) ?? []).ToHashSet(StringComparer.Ordinal);

    /// <summary>The user.</summary>
    public UserEntity User { get; } = user;

    /// <summary>The user's role.</summary>
    public RoleEntity Role { get; } = role;

    /// <summary>Permission flags granted by the role (the contract's Role field names).</summary>
    public IReadOnlySet<string> Permissions { get; } = permissions;

    /// <summary>True when the role grants <paramref name="permission"/>.</summary>
    public bool Can(string permission) => Permissions.Contains(permission);

    /// <summary>True when the user may read objects of <paramref name="sourceId"/>; otherwise they answer 404.</summary>
    public bool CanReadSource(string sourceId) => Role.AllSources || _sources.Contains(sourceId);
}
