using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Events;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Users;

namespace Engage.Application.Webhooks;

/// <summary>
/// Sends each recorded event to the webhooks that want it (<see cref="ActiveWebhook.Wants"/>) and whose owner may still
/// read the event's source with a token that still works. One delivery row per (event, webhook), whose id derives from
/// both, then one <c>webhook-deliveries</c> message each: a repeated fan-out finds the row and the delivery worker
/// sends each delivery once, so a burst never duplicates a delivery.
/// </summary>
public sealed class WebhookFanOut(EngageStorage storage, WebhookStore webhooks, UserStore users, TimeProvider time) : IEventSink
{
    /// <inheritdoc />
    public async Task PublishAsync(IReadOnlyList<EventEntity> events, CancellationToken cancellationToken)
    {
        var active = await webhooks.ListActiveAsync(cancellationToken);
        if (active.Count == 0) return;
        var owners = await OwnersAsync(active.Select(w => w.TokenId), cancellationToken);
        foreach (var e in events)
        {
            foreach (var webhook in active.Where(w => w.Wants(e.Type, e.SourceId) && owners.TryGetValue(w.TokenId, out var owner) && owner.CanReadSource(e.SourceId)))
            {
                await EnqueueAsync(webhook.Id, e, FanOutId(webhook.Id, e.EventId), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Adds the delivery row (kept if it exists) and queues it. Used by fan-out, redelivery and replay.
    /// </summary>
    public async Task EnqueueAsync(string webhookId, EventEntity e, string deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = new WebhookDeliveryEntity
        {
            PartitionKey = webhookId,
            RowKey = DeliveryKey(deliveryId),
            DeliveryId = deliveryId,
            WebhookId = webhookId,
            EventId = e.EventId,
            EventType = e.Type,
            EventSourceId = e.SourceId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // False when it was fanned out before (a retried dispatch): the queued message finds the row as it stands.
        await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable, [new(TableTransactionActionType.Add, row)], cancellationToken);
        await storage.Queue(StorageNames.WebhookDeliveriesQueue).SendMessageAsync(JsonSerializer.Serialize(new DeliveryMessage(webhookId, deliveryId)), cancellationToken);
    }

    /// <summary>The delivery id of (webhook, event) in a fan-out: 24 hex of SHA-256, the same every time.</summary>
    public static string FanOutId(string webhookId, string eventId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(webhookId + ":" + eventId)))[..24];

    /// <summary>The RowKey of a delivery.</summary>
    public static string DeliveryKey(string deliveryId) => "d|" + deliveryId;

    /// <summary>The owner of a webhook's token as a caller, or null when the token was revoked or the user disabled.</summary>
    public async Task<Caller?> OwnerAsync(string tokenId, CancellationToken cancellationToken) =>
        (await OwnersAsync([tokenId], cancellationToken)).GetValueOrDefault(tokenId);

    /// <summary>
    /// The owners of <paramref name="tokenIds"/> as callers, keyed by token id, for tokens that still work and users
    /// still enabled (the others are absent). One scan each of the small tokens and roles tables, one read per user.
    /// </summary>
    public async Task<Dictionary<string, Caller>> OwnersAsync(IEnumerable<string> tokenIds, CancellationToken cancellationToken)
    {
        var tokens = (await users.ListAllTokensAsync(cancellationToken)).Where(t => !t.Revoked).ToDictionary(t => t.Id, StringComparer.Ordinal);
        var roles = (await users.ListRolesAsync(cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var result = new Dictionary<string, Caller>(StringComparer.Ordinal);
        foreach (var tokenId in tokenIds.Distinct())
        {
            if (!tokens.TryGetValue(tokenId, out var token)) continue;
            var user = await users.FindUserAsync(token.UserId, cancellationToken);
            if (user is { Enabled: true } && roles.TryGetValue(user.RoleId, out var role)) result[tokenId] = Caller.Of(user, role);
        }
        return result;
    }
}

/// <summary>A <c>webhook-deliveries</c> message: which delivery of which webhook to attempt.</summary>
public sealed record DeliveryMessage(string WebhookId, string DeliveryId);
