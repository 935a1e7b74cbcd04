using Engage.Application.Users;
using Engage.Domain.Api;

namespace Engage.Application.Auth;

/// <summary>
/// Resolves an access token (the <c>access_token</c> parameter or <c>Authorization: Bearer</c>) to a
/// <see cref="Caller"/>. Three point reads: token (by hash), user, role. Nothing is cached, so a revoked token or
/// a disabled user is refused from the next request on.
/// </summary>
public sealed class Authenticator(UserStore users, TokenUsage usage, TimeProvider time)
{
    /// <summary>The caller of <paramref name="token"/>.</summary>
    /// <exception cref="EngageException">401 when the token is missing, unknown, revoked, or its user is disabled or gone.</exception>
    public async Task<Caller> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 256) throw EngageException.Unauthorized();
        var entity = await users.FindTokenAsync(token.Trim(), cancellationToken);
        if (entity is null || entity.Revoked) throw EngageException.Unauthorized();
        usage.Record(entity.PartitionKey, time.GetUtcNow());
        var user = await users.FindUserAsync(entity.UserId, cancellationToken);
        if (user is null || !user.Enabled) throw EngageException.Unauthorized();
        var role = await users.FindRoleAsync(user.RoleId, cancellationToken) ?? throw EngageException.Unauthorized();
        return Caller.Of(user, role, entity);
    }

    /// <summary>
    /// <c>impersonated_user_id</c> (PROTOCOL.md, "REST conventions"): a token whose role grants
    /// <c>impersonate_user</c> acts as another enabled user, with that user's permissions.
    /// </summary>
    /// <exception cref="EngageException">400 <c>impersonation_not_allowed</c> without the permission or for an unknown or disabled user.</exception>
    public async Task<Caller> ImpersonateAsync(Caller caller, string userId, CancellationToken cancellationToken)
    {
        if (!caller.Can("impersonate_user")) throw new EngageException(400, "impersonation_not_allowed", "The token's user may not impersonate other users.");
        var user = await users.FindUserAsync(userId, cancellationToken);
        if (user is null || !user.Enabled) throw new EngageException(400, "impersonation_not_allowed", "impersonated_user_id names no enabled user.");
        var role = await users.FindRoleAsync(user.RoleId, cancellationToken) ?? throw new EngageException(400, "impersonation_not_allowed", "The impersonated user has no role.");
        return Caller.Of(user, role, caller.Token);
    }
}
