using Engage.Domain.Api;

namespace Engage.Application.Identities;

/// <summary>
/// The filters of <c>GET /1.0/identities</c> (openapi.yaml, <c>getAllIdentities</c>) that we serve: <c>source_id</c>,
/// <c>foreign_id</c>, <c>identity_group_id</c> and <c>identity_group_ids</c> (comma-separated: identities of any of them);
/// <c>sort=created_at</c> is the only order (oldest first, by id). Filters on what we do not store (communities, linked
/// users, uuid) and <c>sort=updated_at</c> are 422.
/// </summary>
public sealed record IdentityListFilter(string? SourceId, string? ForeignId, IReadOnlyList<string>? IdentityGroupIds = null)
{
    /// <summary>The list name carried by cursors.</summary>
    public const string List = "identities";

    /// <summary>The only order served: creation, oldest first, which is id order.</summary>
    public const string Order = "created_at.asc";

    /// <summary>Checks and reads the raw parameters (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> naming the parameter.</exception>
    public static IdentityListFilter Parse(
        string? sourceId, string? foreignId, string? communityId, string? identityGroupId, string? identityGroupIds, string? userId, string? uuid, string? sort)
    {
        ListFilters.Unsupported("community_id", communityId, "communities are not served (each source is its own community; use source_id)");
        ListFilters.Unsupported("user_id", userId, "identities are not linked to users here (user_ids is always empty)");
        ListFilters.Unsupported("uuid", uuid, "identities carry no uuid here (uuid is always null)");
        if (ListFilters.OneOf("sort", sort, "created_at", "updated_at") == "updated_at")
        {
            throw EngageException.Unprocessable("invalid_parameter", "sort=updated_at is not supported: the identity index keeps creation order only.");
        }
        var groups = identityGroupId is null && identityGroupIds is null ? null
            : ListFilters.Ids("identity_group_id", [identityGroupId]).Concat(ListFilters.Ids("identity_group_ids", [identityGroupIds])).Distinct().ToList();
        return new(ListFilters.Id("source_id", sourceId), ListFilters.Text(foreignId), groups);
    }
}
