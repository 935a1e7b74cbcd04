using System.Text.Json;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Security;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Webhooks;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Webhooks;

/// <summary>
/// Webhook registration (openapi.yaml <c>/webhooks</c> and <c>/webhooks/{webhookId}</c>; PROTOCOL.md, "Webhooks").
/// A webhook belongs to the access token that created it; its URL is unique per token (422 <c>duplicate_url</c>).
/// Users see and change the webhooks of their own tokens; <c>manage_api_access_tokens</c> sees and changes all
/// (others answer 404). The endpoint is verified synchronously, inside the create or update request as the reference
/// does, whenever the webhook is switched on, or is on and its url, secret or verify_token changes: a pass makes it
/// active, a failure saves it inactive with <c>webhook_status: verification_failed</c> and the reason in
/// <c>verification_error</c>. Updates reread and reapply on an ETag conflict, so racing updates both land.
/// </summary>
public sealed class WebhookService(WebhookStore store, WebhookVerifier verifier, EndpointGuard guard, SourceStore sources, WebhookHealth health, WebhookFanOut fanOut, TimeProvider time, ILogger<WebhookService> logger)
{
    /// <summary>The permission that sees and changes every webhook.</summary>
    public const string ManagePermission = "manage_api_access_tokens";

    /// <summary>How long the previous secret still signs deliveries after a rotation.</summary>
    public static readonly TimeSpan SecretOverlap = TimeSpan.FromHours(24);

    /// <summary>Attempts of an update or delete before answering 409.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// <c>GET /1.0/webhooks</c>: active first, then staging_use first (the contract's order), then oldest first (by id);
    /// offset or keyset cursor. A webhook whose <c>active</c> or <c>staging_use</c> changes between pages moves in this
    /// order, so a walk may miss or repeat it; the others are seen once. The contract documents no filter
    /// (<c>access_token</c> is authentication). Cost: one scan of the small <c>Webhooks</c> table.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<WebhookView>> ListAsync(Caller caller, Paging paging, CancellationToken cancellationToken)
    {
        var all = caller.Can(ManagePermission)
            ? await store.ListAllAsync(cancellationToken)
            : await store.ListForUserAsync(caller.User.Id, cancellationToken);
        var keyed = Keyset.Page(all, w => [Keyset.TrueFirst(w.Active), Keyset.TrueFirst(w.StagingUse), w.Id], paging, "webhooks", "active.desc,staging_use.desc,id.asc");
        var page = keyed.Records;
        var owners = await fanOut.OwnersAsync(page.Select(w => w.TokenId), cancellationToken);
        var views = await Task.WhenAll(page.Select(w => WithDeliveryAsync(w, owners.ContainsKey(w.TokenId), cancellationToken)));
        return new(keyed.Count, paging.Offset, paging.Limit, views, keyed.NextCursor);
    }

    /// <summary><c>GET /1.0/webhooks/{id}</c>.</summary>
    /// <exception cref="EngageException">404 unknown, or another user's webhook without <c>manage_api_access_tokens</c>.</exception>
    public async Task<WebhookView> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await WithDeliveryAsync(await FindVisibleAsync(caller, id, cancellationToken), cancellationToken);

    /// <summary>
    /// <c>POST /1.0/webhooks</c>: <c>url</c> and <c>registered_events[]</c> required; <c>name</c> (default: the URL's host
    /// and the token's label), <c>active</c> (default true), <c>staging_use</c>, <c>verify_token</c>, <c>secret</c>,
    /// <c>source_filter</c>, <c>source_ids[]</c>.
    /// </summary>
    /// <exception cref="EngageException">422 for a missing or invalid field, a refused endpoint address, an unknown source, or a duplicate url.</exception>
    public async Task<WebhookView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        var token = caller.Token ?? throw EngageException.Forbidden("Webhooks belong to an access token; this request has none.");
        var changes = WebhookChanges.Parse(p);
        if (changes.Url is null) throw EngageException.Unprocessable("missing_parameter", "url is required.");
        if (changes.RegisteredEvents is null) throw EngageException.Unprocessable("missing_parameter", "registered_events[] needs at least one event type.");
        await CheckAsync(changes, cancellationToken);
        if (await store.UrlTakenAsync(token.Id, changes.Url, cancellationToken))
        {
            throw EngageException.Unprocessable("duplicate_url", "This access token already has a webhook with this url.");
        }
        var now = time.GetUtcNow();
        var id = WebhookStore.NewId(token.Id, now);
        var webhook = new WebhookEntity
        {
            PartitionKey = WebhookStore.PartitionOf(token.Id),
            RowKey = WebhookStore.RowKeyOf(id),
            Id = id,
            TokenId = token.Id,
            TokenCreatedAt = token.CreatedAt,
            UserId = token.UserId,
            Name = changes.Name ?? DefaultName(changes.Url, token.Label),
            Url = changes.Url,
            VerifyToken = changes.VerifyToken,
            ProtectedSecret = store.Protect(changes.Secret),
            StagingUse = changes.StagingUse ?? false,
            RegisteredEventsJson = JsonSerializer.Serialize(changes.RegisteredEvents),
            SourceFilter = changes.SourceFilter ?? WebhookSourceFilter.AllExcept,
            SourceIdsJson = JsonSerializer.Serialize(changes.SourceIds ?? []),
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (changes.Active ?? true) await VerifyAsync(webhook, changes.Secret, cancellationToken);
        else SwitchOff(webhook);
        await store.AddAsync(webhook, cancellationToken);
        return ToView(webhook);
    }

    /// <summary><c>PUT /1.0/webhooks/{id}</c>: changes the fields given (an empty <c>secret</c> or <c>verify_token</c> clears it).</summary>
    /// <exception cref="EngageException">404 as for show; 422 as for create; 409 when it kept changing meanwhile.</exception>
    public async Task<WebhookView> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        var changes = WebhookChanges.Parse(p);
        if (changes.RegisteredEvents is { Count: 0 }) throw EngageException.Unprocessable("missing_parameter", "registered_events[] needs at least one event type.");
        await CheckAsync(changes, cancellationToken);
        // One handshake per (url, verify_token, secret): a retry after a conflict reuses the outcome.
        var verified = new Dictionary<(string, string?, string?), string?>();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var webhook = await FindVisibleAsync(caller, id, cancellationToken);
            var previousUrl = webhook.Url;
            var oldSecret = store.SecretOf(webhook);
            var wasOn = webhook.Status != WebhookStatuses.Inactive;
            var handshakeChanged = (changes.Url is not null && WebhookStore.NormalizeUrl(changes.Url) != WebhookStore.NormalizeUrl(webhook.Url))
                || (changes.SecretGiven && changes.Secret != oldSecret)
                || (changes.VerifyTokenGiven && changes.VerifyToken != webhook.VerifyToken);
            var previousProtected = webhook.ProtectedSecret;
            Apply(webhook, changes);
            var secret = changes.SecretGiven ? changes.Secret : oldSecret;
            if (changes.SecretGiven && changes.Secret is not null && oldSecret is not null && changes.Secret != oldSecret)
            {
                // Rotation: receivers still holding the old secret can check our signature for a day.
                webhook.PreviousProtectedSecret = previousProtected;
                webhook.PreviousSecretUntil = time.GetUtcNow() + SecretOverlap;
            }
            if (changes.Active == false)
            {
                SwitchOff(webhook);
            }
            else if ((changes.Active == true && !webhook.Active) || (wasOn && handshakeChanged))
            {
                var key = (webhook.Url, webhook.VerifyToken, secret);
                if (!verified.TryGetValue(key, out var error))
                {
                    await VerifyAsync(webhook, secret, cancellationToken);
                    verified[key] = webhook.VerificationError;
                }
                else
                {
                    Record(webhook, error);
                }
            }
            webhook.UpdatedAt = time.GetUtcNow();
            if (await store.TrySaveAsync(webhook, previousUrl, cancellationToken)) return await WithDeliveryAsync(webhook, cancellationToken);
        }
        throw new EngageException(409, "conflict", "The webhook kept changing while it was being updated; read it again and retry.");
    }

    /// <summary><c>DELETE /1.0/webhooks/{id}</c>: answers the deleted webhook; it receives nothing more.</summary>
    /// <exception cref="EngageException">404 as for show; 409 when it kept changing meanwhile.</exception>
    public async Task<WebhookView> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var webhook = await FindVisibleAsync(caller, id, cancellationToken);
            if (await store.TryDeleteAsync(webhook, cancellationToken)) return ToView(webhook);
        }
        throw new EngageException(409, "conflict", "The webhook kept changing while it was being deleted; try again.");
    }

    // The view with the endpoint's delivery state (one point read) and whether its token still works.
    private async Task<WebhookView> WithDeliveryAsync(WebhookEntity w, CancellationToken cancellationToken) =>
        await WithDeliveryAsync(w, await fanOut.OwnerAsync(w.TokenId, cancellationToken) is not null, cancellationToken);

    private async Task<WebhookView> WithDeliveryAsync(WebhookEntity w, bool ownerValid, CancellationToken cancellationToken)
    {
        var h = await health.GetAsync(w.Id, cancellationToken);
        var outcomes = WebhookHealth.Outcomes(h);
        // A revoked token or a disabled owner stops deliveries as surely as a failing endpoint: say so.
        var (state, reason) = !ownerValid
            ? ("paused", "The access token that registered this webhook was revoked, or its user disabled: nothing is delivered. Register it again with a working token.")
            : (h.Disabled ? "disabled" : "enabled", h.DisabledReason);
        return ToView(w) with
        {
            Delivery = new(state, reason, h.DisabledAt, h.NextProbeAt, h.ReenabledAt, outcomes.Count, outcomes.Count(o => !o.Ok), h.DeliveredCount, h.FailedCount),
        };
    }

    /// <summary>The contract's JSON shape of a webhook.</summary>
    public static WebhookView ToView(WebhookEntity w)
    {
        var filter = WebhookStore.FilterOf(w);
        return new WebhookView(
            w.Id, w.Name, w.Url, w.Active, w.StagingUse, w.VerifyToken, WebhookStore.EventsOf(w),
            new WebhookAccessTokenView(w.TokenId, w.TokenCreatedAt, w.TokenCreatedAt),
            w.Status, filter.Mode, filter.SourceIds, w.ProtectedSecret is not null, w.VerificationError, w.VerifiedAt, w.CreatedAt, w.UpdatedAt);
    }

    /// <summary>The webhook <paramref name="id"/> if the caller may see it (its owner, or <c>manage_api_access_tokens</c>).</summary>
    /// <exception cref="EngageException">404 otherwise.</exception>
    public async Task<WebhookEntity> FindVisibleAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var webhook = await store.FindAsync(id, cancellationToken);
        if (webhook is null || (webhook.UserId != caller.User.Id && !caller.Can(ManagePermission))) throw EngageException.NotFound("Webhook");
        return webhook;
    }

    // The checks that need I/O: the endpoint's addresses, and that the filter's sources exist.
    private async Task CheckAsync(WebhookChanges changes, CancellationToken cancellationToken)
    {
        if (changes.SourceIds is { Count: > 0 } ids)
        {
            var found = await Task.WhenAll(ids.Select(s => sources.FindAsync(s, cancellationToken)));
            var unknown = ids.Where((_, i) => found[i] is null).ToList();
            if (unknown.Count > 0) throw EngageException.Unprocessable("invalid_parameter", $"Unknown source ids in source_ids[]: {string.Join(", ", unknown)}.");
        }
        if (changes.Url is not null) await guard.CheckUrlAsync(changes.Url, "url", cancellationToken);
    }

    private void Apply(WebhookEntity webhook, WebhookChanges changes)
    {
        if (changes.Url is not null) webhook.Url = changes.Url;
        if (changes.Name is not null) webhook.Name = changes.Name;
        if (changes.VerifyTokenGiven) webhook.VerifyToken = changes.VerifyToken;
        if (changes.SecretGiven) webhook.ProtectedSecret = store.Protect(changes.Secret);
        if (changes.StagingUse is { } staging) webhook.StagingUse = staging;
        if (changes.RegisteredEvents is not null) webhook.RegisteredEventsJson = JsonSerializer.Serialize(changes.RegisteredEvents);
        if (changes.SourceFilter is not null) webhook.SourceFilter = changes.SourceFilter;
        if (changes.SourceIds is not null) webhook.SourceIdsJson = JsonSerializer.Serialize(changes.SourceIds);
    }

    private async Task VerifyAsync(WebhookEntity webhook, string? secret, CancellationToken cancellationToken)
    {
        var error = await verifier.VerifyAsync(webhook.Url, webhook.VerifyToken, secret, cancellationToken);
        if (error is null) logger.LogInformation("Webhook {WebhookId} passed verification", webhook.Id);
        else logger.LogInformation("Webhook {WebhookId} failed verification: {Reason}", webhook.Id, error);
        Record(webhook, error);
    }

    private void Record(WebhookEntity webhook, string? error)
    {
        webhook.Active = error is null;
        webhook.Status = error is null ? WebhookStatuses.Active : WebhookStatuses.VerificationFailed;
        webhook.VerificationError = error;
        if (error is null) webhook.VerifiedAt = time.GetUtcNow();
    }

    private static void SwitchOff(WebhookEntity webhook)
    {
        webhook.Active = false;
        webhook.Status = WebhookStatuses.Inactive;
        webhook.VerificationError = null;
    }

    private static string DefaultName(string url, string tokenLabel)
    {
        var name = $"{new Uri(url).Host} {tokenLabel}".Trim();
        return name.Length <= WebhookRules.MaxTextLength ? name : name[..WebhookRules.MaxTextLength];
    }
}
