using System.Text.Json;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Users;
using Engage.Domain.Api;

namespace Engage.Application.Admin;

/// <summary>
/// Roles per the contract (<c>POST /1.0/roles</c>, <c>PUT /1.0/roles/{id}</c>), needing <c>manage_roles</c>:
/// <c>label</c> plus any permission flag of the Role schema as a boolean parameter. Flags not given keep
/// their value (false for a new role).
/// </summary>
public sealed class RoleAdmin(UserStore users, TimeProvider time)
{
    /// <summary>Creates a role.</summary>
    /// <exception cref="EngageException">403 without <c>manage_roles</c>; 422 without a label.</exception>
    public async Task<IReadOnlyDictionary<string, object?>> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("manage_roles");
        var label = p.String("label") ?? throw EngageException.Unprocessable("missing_parameter", "label is required.");
        var granted = Apply(new HashSet<string>(StringComparer.Ordinal), p);
        var role = await users.CreateRoleAsync(label, granted, allSources: false, time.GetUtcNow(), cancellationToken);
        return RoleView.From(role, granted);
    }

    /// <summary>Updates a role (<c>PUT</c>, or <c>PATCH</c> as its alias).</summary>
    /// <exception cref="EngageException">403 without <c>manage_roles</c>; 404 for an unknown role; 422 for an empty label or a flag that is not a boolean.</exception>
    public async Task<IReadOnlyDictionary<string, object?>> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("manage_roles");
        var role = await users.FindRoleAsync(id, cancellationToken) ?? throw EngageException.NotFound("Role");
        if (p.Has("label")) role.Label = p.String("label") ?? throw EngageException.Unprocessable("missing_parameter", "label cannot be empty.");
        var granted = Apply(UserStore.PermissionsOf(role).ToHashSet(StringComparer.Ordinal), p);
        role.PermissionsJson = JsonSerializer.Serialize(granted.Order(StringComparer.Ordinal));
        role.UpdatedAt = time.GetUtcNow();
        await users.SaveRoleAsync(role, cancellationToken);
        return RoleView.From(role, granted);
    }

    /// <summary>
    /// <c>DELETE /1.0/roles/{id}</c>: the contract has no way to delete a role, and users refer to theirs, so a known
    /// role is refused with 422 rather than answered 405 (clients expect 401, 404 or 422; PROTOCOL.md,
    /// "Interoperability notes").
    /// </summary>
    /// <exception cref="EngageException">403 without <c>manage_roles</c>; 404 for an unknown role; 422 <c>role_not_deletable</c> otherwise.</exception>
    public async Task<object> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require("manage_roles");
        _ = await users.FindRoleAsync(id, cancellationToken) ?? throw EngageException.NotFound("Role");
        throw EngageException.Unprocessable("role_not_deletable", "Roles cannot be deleted.");
    }

    /// <summary>
    /// <c>PUT</c>, <c>PATCH</c> or <c>DELETE /1.0/roles</c> without an id: answered 422 <c>missing_parameter</c> in the
    /// contract's error body instead of the host's empty 405.
    /// </summary>
    /// <exception cref="EngageException">422 <c>missing_parameter</c>, always.</exception>
    public static Task<object> RequireId(string method) =>
        throw EngageException.Unprocessable("missing_parameter", $"{method} needs a role id: /1.0/roles/{{id}}.");

    private static HashSet<string> Apply(HashSet<string> granted, ApiParameters p)
    {
        foreach (var flag in RoleView.Flags)
        {
            switch (p.Boolean(flag))
            {
                case true: granted.Add(flag); break;
                case false: granted.Remove(flag); break;
            }
        }
        return granted;
    }
}
