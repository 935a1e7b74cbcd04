namespace Engage.Application.Storage.Entities;

/// <summary>
/// An identity. Table <c>Identities</c>, PartitionKey = bucket of (source id, foreign id),
/// RowKey = <c>f|{source id}|{escaped foreign id}</c>.
/// </summary>
public sealed class IdentityEntity : EntityBase
{
    /// <summary>24-hex id; characters 8..16 are the bucket.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>The source the identity belongs to.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>The author's id on the third-party platform.</summary>
    public string ForeignId { get; set; } = string.Empty;
    /// <summary>Screen name.</summary>
    public string? Screenname { get; set; }
    /// <summary>First name.</summary>
    public string? Firstname { get; set; }
    /// <summary>Last name.</summary>
    public string? Lastname { get; set; }
    /// <summary>Email.</summary>
    public string? Email { get; set; }
    /// <summary>Home phone.</summary>
    public string? HomePhone { get; set; }
    /// <summary>Mobile phone.</summary>
    public string? MobilePhone { get; set; }
    /// <summary>Company (set by <c>POST /1.0/identities/import</c> only: the channel SDK user object has none).</summary>
    public string? Company { get; set; }
    /// <summary><c>man</c>, <c>woman</c> or null (set by <c>POST /1.0/identities/import</c> only).</summary>
    public string? Gender { get; set; }
    /// <summary>Avatar URL.</summary>
    public string? AvatarUrl { get; set; }
    /// <summary>The identity group (customer profile) the identity belongs to; null only for identities made before groups existed.</summary>
    public string? IdentityGroupId { get; set; }
    /// <summary>Fingerprint of the fields above as last pushed, to skip writes when nothing changed.</summary>
    public string? Fingerprint { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
