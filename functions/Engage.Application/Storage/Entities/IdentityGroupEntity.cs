namespace Engage.Application.Storage.Entities;

/// <summary>
/// An identity group, the customer profile shared by the identities it links (<c>components/schemas/IdentityGroup</c>).
/// Table <c>IdentityGroups</c>, PartitionKey = group id, RowKey = "" (outbox rows of its merges beside it, <c>o|{event id}</c>).
/// </summary>
public sealed class IdentityGroupEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>The profile, one JSON object keyed by <see cref="Domain.Profiles.ProfileFields"/> names.</summary>
    public string ProfileJson { get; set; } = "{}";
    /// <summary>The identities in the group, JSON array of ids.</summary>
    public string IdentityIdsJson { get; set; } = "[]";
    /// <summary>The sources of those identities, JSON array of ids: the group is visible to who may read one of them.</summary>
    public string SourceIdsJson { get; set; } = "[]";
    /// <summary>
    /// Identities a merge or unmerge is taking out of the group, JSON object of identity id to
    /// <see cref="IdentityGroups.Departure"/>: the claim that serialises moves (<see cref="IdentityGroups.IdentityMoves"/>).
    /// </summary>
    public string LeavingJson { get; set; } = "{}";
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
