namespace Engage.Application.Storage.Entities;

/// <summary>
/// An API access token. Table <c>AccessTokens</c>, PartitionKey = SHA-256 hex of the token, RowKey = "".
/// The token itself is never stored.
/// </summary>
public sealed class AccessTokenEntity : EntityBase
{
    /// <summary>24-hex id of the token (for listing and revoking).</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Owner.</summary>
    public string UserId { get; set; } = string.Empty;
    /// <summary>Label.</summary>
    public string Label { get; set; } = string.Empty;
    /// <summary>Revoked tokens are refused with 401.</summary>
    public bool Revoked { get; set; }
    /// <summary>Last time the token was used (UTC), written in batches by the FlushTokenUsage timer.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
