using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Users;

/// <summary>
/// The filters of <c>GET /1.0/users</c> (openapi.yaml, <c>getAllUsers</c>) that we serve: <c>email</c> (case-insensitive,
/// exact) and <c>role_id</c>. Filters on what we do not store (user categories, identities linked to users, external
/// ids, teams) are 422. The list is oldest first (created_at, then id).
/// </summary>
public sealed record UserListFilter(string? Email, string? RoleId)
{
    /// <summary>The list name carried by cursors.</summary>
    public const string List = "users";

    /// <summary>The order served.</summary>
    public const string Order = "created_at.asc";

    /// <summary>Checks and reads the raw parameters (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the parameter.</exception>
    public static UserListFilter Parse(string? email, string? categoryId, string? identityId, string? externalId, string? roleId, string? teamId)
    {
        ListFilters.Unsupported("category_id", categoryId, "users carry no categories here (category_ids is always empty)");
        ListFilters.Unsupported("identity_id", identityId, "users are not linked to identities here (identity_ids is always empty)");
        ListFilters.Unsupported("external_id", externalId, "users carry no external id here");
        ListFilters.Unsupported("team_id", teamId, "teams are not served");
        return new(ListFilters.Text(email?.Trim()), ListFilters.Id("role_id", roleId));
    }

    /// <summary>True when <paramref name="user"/> passes every filter given.</summary>
    public bool Matches(UserEntity user) =>
        (Email is null || string.Equals(user.Email, Email, StringComparison.OrdinalIgnoreCase))
        && (RoleId is null || user.RoleId == RoleId);
}
