using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Security;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Ids;

namespace Engage.Application.Users;

/// <summary>Users, roles and API access tokens (tables <c>Users</c>, <c>Roles</c>, <c>AccessTokens</c>).</summary>
public sealed class UserStore(EngageStorage storage)
{
    /// <summary>One user by id, or null.</summary>
    public Task<UserEntity?> FindUserAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? storage.Table(StorageNames.UsersTable).FindAsync<UserEntity>(id, string.Empty, cancellationToken) : Task.FromResult<UserEntity?>(null);

    /// <summary>All users, oldest first.</summary>
    public async Task<IReadOnlyList<UserEntity>> ListUsersAsync(CancellationToken cancellationToken) =>
        (await storage.Table(StorageNames.UsersTable).AllAsync<UserEntity>(UsersOnly, cancellationToken)).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();

    // Users are keyed by hex id; email claims sort after them under "~email|".
    private const string UsersOnly = "PartitionKey lt '~'";

    /// <summary>Claims an email for one user: 422 <c>email_taken</c> when another user holds it.</summary>
    public async Task ClaimEmailAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(StorageNames.UsersTable, [new(TableTransactionActionType.Add, new TableEntity(EmailKey(email), string.Empty))], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw Domain.Api.EngageException.Unprocessable("email_taken", "A user with this email exists.");
        }
    }

    /// <summary>Releases an email claim.</summary>
    public Task ReleaseEmailAsync(string email, CancellationToken cancellationToken) =>
        storage.Table(StorageNames.UsersTable).DeleteEntityAsync(EmailKey(email), string.Empty, Azure.ETag.All, cancellationToken);

    private static string EmailKey(string email) => "~email|" + TableKeys.Escape(email.ToLowerInvariant());

    /// <summary>One role by id, or null.</summary>
    public Task<RoleEntity?> FindRoleAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? storage.Table(StorageNames.RolesTable).FindAsync<RoleEntity>(id, string.Empty, cancellationToken) : Task.FromResult<RoleEntity?>(null);

    /// <summary>All roles, oldest first.</summary>
    public async Task<IReadOnlyList<RoleEntity>> ListRolesAsync(CancellationToken cancellationToken) =>
        (await storage.Table(StorageNames.RolesTable).AllAsync<RoleEntity>(null, cancellationToken)).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

    /// <summary>The token's row by the raw token (one point read on its hash), or null.</summary>
    public Task<AccessTokenEntity?> FindTokenAsync(string token, CancellationToken cancellationToken) =>
        storage.Table(StorageNames.AccessTokensTable).FindAsync<AccessTokenEntity>(TokenHasher.Hash(token), string.Empty, cancellationToken);

    /// <summary>Tokens of one user (a scan of the small token table).</summary>
    public Task<List<AccessTokenEntity>> ListTokensAsync(string userId, CancellationToken cancellationToken) =>
        storage.Table(StorageNames.AccessTokensTable).AllAsync<AccessTokenEntity>(TableClient.CreateQueryFilter($"UserId eq {userId}"), cancellationToken);

    /// <summary>Every token (a scan of the small token table).</summary>
    public Task<List<AccessTokenEntity>> ListAllTokensAsync(CancellationToken cancellationToken) =>
        storage.Table(StorageNames.AccessTokensTable).AllAsync<AccessTokenEntity>(null, cancellationToken);

    /// <summary>Saves a changed role (ETag-guarded).</summary>
    public Task SaveRoleAsync(RoleEntity role, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.RolesTable, [new(TableTransactionActionType.UpdateReplace, role, role.ETag)], cancellationToken);

    /// <summary>Creates a role.</summary>
    public async Task<RoleEntity> CreateRoleAsync(string label, IEnumerable<string> permissions, bool allSources, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = EngageId.New(now);
        var role = new RoleEntity { PartitionKey = id, Id = id, Label = label, PermissionsJson = JsonSerializer.Serialize(permissions.Order(StringComparer.Ordinal)), AllSources = allSources, CreatedAt = now, UpdatedAt = now };
        await storage.SubmitAsync(StorageNames.RolesTable, [new(TableTransactionActionType.Add, role)], cancellationToken);
        return role;
    }

    /// <summary>Creates a user, claiming the email first.</summary>
    /// <exception cref="Domain.Api.EngageException">422 <c>email_taken</c>.</exception>
    public async Task<UserEntity> CreateUserAsync(string email, string? firstname, string? lastname, string roleId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ClaimEmailAsync(email, cancellationToken);
        var id = EngageId.New(now);
        var user = new UserEntity { PartitionKey = id, Id = id, Email = email, Firstname = firstname, Lastname = lastname, RoleId = roleId, Enabled = true, CreatedAt = now, UpdatedAt = now };
        await storage.SubmitAsync(StorageNames.UsersTable, [new(TableTransactionActionType.Add, user)], cancellationToken);
        return user;
    }

    /// <summary>Issues a token for <paramref name="userId"/>; returns the raw token, which is not stored and cannot be shown again.</summary>
    public async Task<(string Token, AccessTokenEntity Entity)> IssueTokenAsync(string userId, string label, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var token = TokenHasher.NewToken();
        var entity = new AccessTokenEntity { PartitionKey = TokenHasher.Hash(token), Id = EngageId.New(now), UserId = userId, Label = label, CreatedAt = now };
        await storage.SubmitAsync(StorageNames.AccessTokensTable, [new(TableTransactionActionType.Add, entity)], cancellationToken);
        return (token, entity);
    }

    /// <summary>Marks a token revoked (refused with 401 from the next request on).</summary>
    public Task RevokeTokenAsync(AccessTokenEntity token, CancellationToken cancellationToken)
    {
        token.Revoked = true;
        return storage.SubmitAsync(StorageNames.AccessTokensTable, [new(TableTransactionActionType.UpdateReplace, token, token.ETag)], cancellationToken);
    }

    /// <summary>The permission flags a role grants.</summary>
    public static IReadOnlySet<string> PermissionsOf(RoleEntity role) =>
        (JsonSerializer.Deserialize<List<string>>(role.PermissionsJson) ?? []).ToHashSet(StringComparer.Ordinal);
}
