using System.Text.Json;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Auth;

/// <summary>
/// The user an access token acts for, with the role's permissions and the user's permissions per source, and the
/// token itself (webhooks belong to the token that registered them). <paramref name="token"/> is null only for callers
/// built outside a request.
/// </summary>
public sealed class Caller(UserEntity user, RoleEntity role, IReadOnlySet<string> permissions, AccessTokenEntity? token = null)
{
    private readonly Dictionary<string, List<string>> _sources = SourcePermissions.Parse(user.SourcePermissionsJson);

    /// <summary>A caller acting as <paramref name="user"/>, with the permissions <paramref name="role"/> grants.</summary>
    public static Caller Of(UserEntity user, RoleEntity role, AccessTokenEntity? token = null) =>
        new(user, role, Users.UserStore.PermissionsOf(role), token);

    /// <summary>The user.</summary>
    public UserEntity User { get; } = user;

    /// <summary>The access token of the request (with impersonation: the impersonating token), or null outside a request.</summary>
    public AccessTokenEntity? Token { get; } = token;

    /// <summary>The user's role.</summary>
    public RoleEntity Role { get; } = role;

    /// <summary>Permission flags granted by the role (the contract's Role field names).</summary>
    public IReadOnlySet<string> Permissions { get; } = permissions;

    /// <summary>True when the role grants <paramref name="permission"/>.</summary>
    public bool Can(string permission) => Permissions.Contains(permission);

    /// <summary>Throws 403 unless the role grants <paramref name="permission"/>.</summary>
    /// <exception cref="Domain.Api.EngageException">403 <c>forbidden</c> naming the permission.</exception>
    public void Require(string permission)
    {
        if (!Can(permission)) throw Domain.Api.EngageException.Forbidden($"The token's user lacks the {permission} permission.");
    }

    /// <summary>True when the user may read objects of <paramref name="sourceId"/>; otherwise they answer 404.</summary>
    public bool CanReadSource(string sourceId) => HasSourcePermission(sourceId, "read");

    /// <summary>True when the user has <paramref name="permission"/> (read, reply, ...) on <paramref name="sourceId"/>.</summary>
    public bool HasSourcePermission(string sourceId, string permission) =>
        Role.AllSources || (_sources.TryGetValue(sourceId, out var granted) && granted.Contains(permission));
}

/// <summary>The per-source permissions of a user as stored (<c>{"source id": ["read", ...]}</c>).</summary>
public static class SourcePermissions
{
    /// <summary>Permissions a user can hold on a source (openapi.yaml, <c>/users/{userId}/sources_permissions</c>).</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        "read", "reply", "reply_with_html", "initiate_discussion", "destroy", "approval_required",
        "approval_threshold_0", "approval_threshold_10", "approval_threshold_20", "approval_threshold_30", "approval_threshold_40",
        "approval_threshold_50", "approval_threshold_60", "approval_threshold_70", "approval_threshold_80", "approval_threshold_90",
        "approval_threshold_100",
    };

    /// <summary>Parses the stored JSON.</summary>
    public static Dictionary<string, List<string>> Parse(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json) ?? [];
}
