using System.Net.Mail;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Users;
using Engage.Domain.Api;

namespace Engage.Application.Admin;

/// <summary>
/// Users per the contract: create (<c>create_user</c>), update and delete (<c>update_user</c>), read
/// (<c>read_user</c>), and per-source permissions (<c>/1.0/users/{id}/sources_permissions</c>). Emails are unique,
/// claimed by a row in table <c>Users</c> (<see cref="UserStore.ClaimEmailAsync"/>), so two racing creations cannot both win.
/// A disabled or deleted user's tokens stop working at once.
/// </summary>
public sealed class UserAdmin(EngageStorage storage, UserStore users, TimeProvider time)
{
    /// <summary><c>POST /1.0/users</c>.</summary>
    /// <exception cref="EngageException">403; 422 for a missing or invalid email, a taken email, or an unknown role.</exception>
    public async Task<UserView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("create_user");
        var email = ValidEmail(p.String("email") ?? throw EngageException.Unprocessable("missing_parameter", "email is required."));
        var role = await RoleAsync(p.String("role_id") ?? throw EngageException.Unprocessable("missing_parameter", "role_id is required."), cancellationToken);
        var user = await users.CreateUserAsync(email, p.String("firstname"), p.String("lastname"), role.Id, time.GetUtcNow(), cancellationToken);
        user.Nickname = p.String("nickname");
        user.Enabled = p.Boolean("enabled") ?? true;
        await SaveAsync(user, cancellationToken);
        return user.ToView();
    }

    /// <summary><c>PUT /1.0/users/{id}</c>.</summary>
    public async Task<UserView> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("update_user");
        var user = await users.FindUserAsync(id, cancellationToken) ?? throw EngageException.NotFound("User");
        if (p.String("email") is { } email && !string.Equals(email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            email = ValidEmail(email);
            await users.ClaimEmailAsync(email, cancellationToken);
            await users.ReleaseEmailAsync(user.Email, cancellationToken);
            user.Email = email;
        }
        if (p.String("role_id") is { } roleId) user.RoleId = (await RoleAsync(roleId, cancellationToken)).Id;
        if (p.Has("firstname")) user.Firstname = p.String("firstname");
        if (p.Has("lastname")) user.Lastname = p.String("lastname");
        if (p.Has("nickname")) user.Nickname = p.String("nickname");
        if (p.Boolean("enabled") is { } enabled)
        {
            if (!enabled && user.Id == caller.User.Id) throw EngageException.Unprocessable("invalid_parameter", "A user cannot disable themselves.");
            user.Enabled = enabled;
        }
        user.UpdatedAt = time.GetUtcNow();
        await SaveAsync(user, cancellationToken);
        return user.ToView();
    }

    /// <summary><c>DELETE /1.0/users/{id}</c>: deletes the user and revokes their tokens.</summary>
    public async Task<UserView> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require("update_user");
        var user = await users.FindUserAsync(id, cancellationToken) ?? throw EngageException.NotFound("User");
        if (user.Id == caller.User.Id) throw EngageException.Unprocessable("invalid_parameter", "A user cannot delete themselves.");
        foreach (var token in await users.ListTokensAsync(user.Id, cancellationToken))
        {
            if (!token.Revoked) await users.RevokeTokenAsync(token, cancellationToken);
        }
        await storage.SubmitAsync(StorageNames.UsersTable, [new(TableTransactionActionType.Delete, user, Azure.ETag.All)], cancellationToken);
        await users.ReleaseEmailAsync(user.Email, cancellationToken);
        return user.ToView();
    }

    /// <summary><c>GET /1.0/users/{id}/sources_permissions</c>: <c>{"source id": ["read", ...]}</c>.</summary>
    public async Task<IReadOnlyDictionary<string, List<string>>> GetSourcePermissionsAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require("read_user");
        var user = await users.FindUserAsync(id, cancellationToken) ?? throw EngageException.NotFound("User");
        return SourcePermissions.Parse(user.SourcePermissionsJson);
    }

    /// <summary>
    /// <c>PUT /1.0/users/{id}/sources_permissions</c>: each parameter named by a source id carries a comma-separated
    /// list of permissions; an empty value removes the source.
    /// </summary>
    /// <exception cref="EngageException">422 for an unknown permission or a parameter that is not a source id.</exception>
    public async Task<IReadOnlyDictionary<string, List<string>>> SetSourcePermissionsAsync(Caller caller, string id, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        caller.Require("update_user");
        var user = await users.FindUserAsync(id, cancellationToken) ?? throw EngageException.NotFound("User");
        var permissions = SourcePermissions.Parse(user.SourcePermissionsJson);
        foreach (var (sourceId, list) in values)
        {
            if (!Domain.Ids.EngageId.IsValid(sourceId)) throw EngageException.Unprocessable("invalid_parameter", $"{sourceId} is not a source id.");
            var granted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (granted.FirstOrDefault(g => !SourcePermissions.Known.Contains(g)) is { } unknown)
            {
                throw EngageException.Unprocessable("invalid_parameter", $"{unknown} is not a source permission.");
            }
            if (granted.Count == 0) permissions.Remove(sourceId);
            else permissions[sourceId] = granted;
        }
        user.SourcePermissionsJson = JsonSerializer.Serialize(permissions);
        user.UpdatedAt = time.GetUtcNow();
        await SaveAsync(user, cancellationToken);
        return permissions;
    }

    private async Task<RoleEntity> RoleAsync(string roleId, CancellationToken cancellationToken) =>
        await users.FindRoleAsync(roleId, cancellationToken) ?? throw EngageException.Unprocessable("invalid_parameter", "role_id names no role.");

    private async Task SaveAsync(UserEntity user, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(StorageNames.UsersTable, [new(TableTransactionActionType.UpdateReplace, user, user.ETag)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            throw new EngageException(409, "conflict", "The user changed while it was being updated; try again.");
        }
    }

    private static string ValidEmail(string email)
    {
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            throw EngageException.Unprocessable("invalid_parameter", "email is not a valid address.");
        }
        return email;
    }
}
