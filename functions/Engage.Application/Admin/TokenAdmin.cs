using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;
using Engage.Application.Users;
using Engage.Domain.Api;

namespace Engage.Application.Admin;

/// <summary>An API access token as listed: never the token itself.</summary>
public sealed record AccessTokenView(string Id, string UserId, string Label, bool Revoked, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt);

/// <summary>A token just issued: the view plus the token, shown this once.</summary>
public sealed record IssuedAccessTokenView(string Id, string UserId, string Label, bool Revoked, DateTimeOffset? LastUsedAt, DateTimeOffset CreatedAt, string Token);

/// <summary>
/// API access tokens (our extension <c>/1.0/access_tokens</c>). A user may manage their own tokens; managing
/// another user's needs <c>manage_api_access_tokens</c>. Tokens are stored hashed; revocation is immediate.
/// </summary>
public sealed class TokenAdmin(UserStore users, TimeProvider time)
{
    /// <summary><c>POST /1.0/access_tokens</c> with <c>user_id</c> (default: the caller) and <c>label</c>.</summary>
    public async Task<IssuedAccessTokenView> IssueAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        var userId = p.String("user_id") ?? caller.User.Id;
        await CheckAccessAsync(caller, userId, cancellationToken);
        var label = p.String("label") ?? throw EngageException.Unprocessable("missing_parameter", "label is required.");
        if (label.Length > 200) throw EngageException.Unprocessable("invalid_parameter", "label is longer than 200 characters.");
        var (token, entity) = await users.IssueTokenAsync(userId, label, time.GetUtcNow(), cancellationToken);
        return new(entity.Id, entity.UserId, entity.Label, entity.Revoked, entity.LastUsedAt, entity.CreatedAt, token);
    }

    /// <summary>
    /// <c>GET /1.0/access_tokens</c>: the caller's tokens, or every user's (<c>user_id</c> filters) with
    /// <c>manage_api_access_tokens</c>; oldest first (by id), offset or keyset cursor. Cost: one scan of the small
    /// <c>AccessTokens</c> table. A <c>user_id</c> that names no user gives an empty list.
    /// </summary>
    /// <exception cref="EngageException">403 for another user's tokens without <c>manage_api_access_tokens</c>; 422 <c>invalid_parameter</c> or <c>invalid_cursor</c>.</exception>
    public async Task<ListView<AccessTokenView>> ListAsync(Caller caller, Paging paging, string? userId, CancellationToken cancellationToken)
    {
        userId = ListFilters.Id("user_id", userId);
        if (userId is not null && userId != caller.User.Id) caller.Require("manage_api_access_tokens");
        var all = userId is null && caller.Can("manage_api_access_tokens")
            ? await users.ListAllTokensAsync(cancellationToken)
            : await users.ListTokensAsync(userId ?? caller.User.Id, cancellationToken);
        var page = Keyset.Page(all, t => [t.Id], paging, "access_tokens", "id.asc");
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(ToView).ToList(), page.NextCursor);
    }

    /// <summary><c>DELETE /1.0/access_tokens/{id}</c>: revokes the token; it gets 401 from the next request on.</summary>
    public async Task<AccessTokenView> RevokeAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var token = (await users.ListAllTokensAsync(cancellationToken)).FirstOrDefault(t => t.Id == id) ?? throw EngageException.NotFound("Access token");
        if (token.UserId != caller.User.Id && !caller.Can("manage_api_access_tokens")) throw EngageException.NotFound("Access token");
        if (!token.Revoked) await users.RevokeTokenAsync(token, cancellationToken);
        return ToView(token);
    }

    private async Task CheckAccessAsync(Caller caller, string userId, CancellationToken cancellationToken)
    {
        if (userId != caller.User.Id) caller.Require("manage_api_access_tokens");
        _ = await users.FindUserAsync(userId, cancellationToken) ?? throw EngageException.Unprocessable("invalid_parameter", "user_id names no user.");
    }

    private static AccessTokenView ToView(AccessTokenEntity t) => new(t.Id, t.UserId, t.Label, t.Revoked, t.LastUsedAt, t.CreatedAt);
}
