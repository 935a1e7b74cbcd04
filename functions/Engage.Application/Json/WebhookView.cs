namespace Engage.Application.Json;

/// <summary>
/// A webhook as <c>components/schemas/Webhook</c> (openapi.yaml): <c>id</c>, <c>url</c>, <c>active</c>,
/// <c>staging_use</c>, <c>verify_token</c>, <c>registered_events</c>, <c>api_access_token</c>, <c>webhook_status</c>
/// (<c>active</c>, <c>inactive</c> or <c>verification_failed</c>). Our extensions: <c>name</c> (a request parameter the
/// schema does not list), <c>source_filter</c>, <c>source_ids</c>, <c>has_secret</c>, <c>verification_error</c>,
/// <c>verified_at</c>, <c>created_at</c>, <c>updated_at</c>, <c>delivery</c> (auto-disable state). The secret itself is never returned: the schema has no
/// field for it.
/// </summary>
public sealed record WebhookView(
    string Id,
    string Name,
    string Url,
    bool Active,
    bool StagingUse,
    string? VerifyToken,
    IReadOnlyList<string> RegisteredEvents,
    WebhookAccessTokenView ApiAccessToken,
    string WebhookStatus,
    string SourceFilter,
    IReadOnlyList<string> SourceIds,
    bool HasSecret,
    string? VerificationError,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    WebhookDeliveryStateView? Delivery = null);

/// <summary>
/// Extension <c>delivery</c>: whether deliveries flow (<c>enabled</c>), are held back after repeated failures
/// (<c>disabled</c>, with the reason and the next probe) or stopped because the registering token was revoked or its
/// user disabled (<c>paused</c>), and the counts behind it.
/// </summary>
public sealed record WebhookDeliveryStateView(
    string State,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? NextProbeAt,
    DateTimeOffset? ReenabledAt,
    int RecentCount,
    int RecentFailures,
    long DeliveredCount,
    long FailedCount);

/// <summary>The token a webhook belongs to, as <c>components/schemas/WebhookAccessToken</c>; tokens never change, so <c>updated_at</c> is their creation time.</summary>
public sealed record WebhookAccessTokenView(string Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
