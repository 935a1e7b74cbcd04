namespace Engage.Application.Storage.Entities;

/// <summary>
/// A webhook. Table <c>Webhooks</c>, PartitionKey = the bucket of its access token (also characters 8..16 of its id),
/// RowKey = <c>w|{id}</c>. Its URL claim (<c>u|{token id}|{SHA-256 of the URL}</c>) sits in the same partition, so a
/// write changes both in one transaction (docs/table-design.md).
/// </summary>
public sealed class WebhookEntity : EntityBase
{
    /// <summary>24-hex id.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>The access token that registered it (its id, not the token).</summary>
    public string TokenId { get; set; } = string.Empty;
    /// <summary>When that token was created (UTC), for <c>api_access_token.created_at</c>.</summary>
    public DateTimeOffset TokenCreatedAt { get; set; }
    /// <summary>The user who owns that token: such a user sees the webhook without <c>manage_api_access_tokens</c>.</summary>
    public string UserId { get; set; } = string.Empty;
    /// <summary>Display name.</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>The endpoint URL, as given.</summary>
    public string Url { get; set; } = string.Empty;
    /// <summary>Sent as <c>hub.verify_token</c> in the verification request, or null.</summary>
    public string? VerifyToken { get; set; }
    /// <summary>The secret, encrypted with <see cref="Security.SecretProtector"/>, or null; never returned by the API.</summary>
    public string? ProtectedSecret { get; set; }
    /// <summary>The contract's <c>staging_use</c>: stored and returned; this platform has one environment.</summary>
    public bool StagingUse { get; set; }
    /// <summary>Registered event types, JSON array.</summary>
    public string RegisteredEventsJson { get; set; } = "[]";
    /// <summary><c>all_except</c> or <c>none_except</c>.</summary>
    public string SourceFilter { get; set; } = "all_except";
    /// <summary>Source ids of the filter, JSON array.</summary>
    public string SourceIdsJson { get; set; } = "[]";
    /// <summary>True when the webhook is on and its endpoint passed verification: only these receive events.</summary>
    public bool Active { get; set; }
    /// <summary><c>active</c>, <c>inactive</c> (turned off) or <c>verification_failed</c> (asked on, the endpoint failed the challenge).</summary>
    public string Status { get; set; } = "inactive";
    /// <summary>Why the last verification failed, or null.</summary>
    public string? VerificationError { get; set; }
    /// <summary>When the endpoint last passed verification (UTC), or null.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The secret before the last rotation, encrypted: deliveries are signed with both until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }
    /// <summary>When the previous secret stops signing deliveries (UTC).</summary>
    public DateTimeOffset? PreviousSecretUntil { get; set; }
}
