using Engage.Domain.Api;

namespace Engage.Application.IdentityGroups;

/// <summary>
/// The filters of <c>GET /1.0/identity_groups</c> (openapi.yaml, <c>getAllIdentityGroups</c>): <c>firstname</c>,
/// <c>lastname</c> (whole value, ignoring case), <c>email</c> (one of the group's emails, ignoring case), <c>ids</c>
/// (comma-separated) and <c>sort</c> (<c>created_at</c>, the default, or <c>updated_at</c>; newest first).
/// <c>uuid</c> is 422: identities carry no uuid here.
/// </summary>
public sealed record IdentityGroupListFilter(string? Firstname, string? Lastname, string? Email, IReadOnlySet<string>? Ids, bool ByUpdate)
{
    /// <summary>Checks and reads the raw parameters (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the parameter.</exception>
    public static IdentityGroupListFilter Parse(string? firstname, string? lastname, string? email, string? uuid, string? ids, string? sort)
    {
        ListFilters.Unsupported("uuid", uuid, "identities carry no uuid here (uuid is always null)");
        var wanted = ids is null ? null : ListFilters.Ids("ids", [ids]).ToHashSet(StringComparer.Ordinal);
        return new(ListFilters.Text(firstname), ListFilters.Text(lastname), ListFilters.Text(email), wanted,
            ListFilters.OneOf("sort", sort, "created_at", "updated_at") == "updated_at");
    }

    /// <summary>The order name cursors carry.</summary>
    public string Order => ByUpdate ? "updated_at.desc" : "created_at.desc";
}
