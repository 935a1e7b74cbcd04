using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Events;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Webhooks;

/// <summary>
/// The delivery log and replay (issue 5, item 6; extensions of the contract): a webhook's recent attempts, redelivery
/// of one delivery, and replay of every matching event after a given event. Visible to whoever may see the webhook.
/// Redelivery and replay make new deliveries (new ids), so the log keeps what happened before.
/// </summary>
public sealed class WebhookDeliveryLog(EngageStorage storage, WebhookService service, WebhookFanOut fanOut, EventLog events, SourceStore sources, TimeProvider time)
{
    /// <summary>Most events one replay queues; a longer backlog is replayed in several calls (the answer says where it stopped).</summary>
    public const int MaxReplay = 1000;

    private TableClient Table => storage.Table(StorageNames.WebhookDeliveriesTable);

    /// <summary>
    /// <c>GET /1.0/webhooks/{id}/deliveries</c>: attempts, newest first (by attempt time, then delivery id and attempt:
    /// the <c>a|</c> row key), with status code, latency and error; offset or keyset cursor. Cost: one range query of
    /// the webhook's partition starting after the cursor's row key (offset + limit + 1 rows), and one key-only query
    /// of the <c>a|</c> rows for the count.
    /// </summary>
    /// <exception cref="EngageException">404 as for the webhook; 422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<WebhookAttemptView>> ListAttemptsAsync(Caller caller, string webhookId, Paging paging, CancellationToken cancellationToken)
    {
        var after = Keyset.Position(paging, "webhook_deliveries", "at.desc", parts: 1)?[0];
        var webhook = await service.FindVisibleAsync(caller, webhookId, cancellationToken);
        var offset = after is null ? paging.Offset : 0;
        // One row more than the page tells whether another page follows.
        var rows = await Table.RangeAsync<WebhookAttemptEntity>(webhook.Id, "a|", offset + paging.Limit + 1, cancellationToken, after);
        var count = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {webhook.Id} and RowKey ge {"a|"} and RowKey lt {"a}"}"), select: ["RowKey"], cancellationToken: cancellationToken).CountAsync(cancellationToken);
        var page = rows.Skip(offset).Take(paging.Limit).ToList();
        var next = rows.Count > offset + paging.Limit ? new PageCursor("webhook_deliveries", "at.desc", [page[^1].RowKey]).Encode() : null;
        return new(count, paging.Offset, paging.Limit, page.Select(a => new WebhookAttemptView(
            a.DeliveryId, a.EventId, a.EventType, a.Attempt, a.StatusCode, a.Ok, a.LatencyMs, a.Error, a.At)).ToList(), next);
    }

    /// <summary><c>POST /1.0/webhooks/{id}/deliveries/{deliveryId}/redeliver</c>: sends that delivery's event again as a new delivery.</summary>
    /// <exception cref="EngageException">404 for an unknown webhook or delivery; 422 <c>webhook_inactive</c>.</exception>
    public async Task<WebhookDeliveryView> RedeliverAsync(Caller caller, string webhookId, string deliveryId, CancellationToken cancellationToken)
    {
        var webhook = await RequireActiveAsync(caller, webhookId, cancellationToken);
        var delivery = await Table.FindAsync<WebhookDeliveryEntity>(webhook.Id, WebhookFanOut.DeliveryKey(deliveryId), cancellationToken)
            ?? throw EngageException.NotFound("Delivery");
        var e = await events.FindAsync([delivery.EventSourceId], delivery.EventId, cancellationToken) ?? throw EngageException.NotFound("Event");
        var id = EngageId.New(time.GetUtcNow());
        await fanOut.EnqueueAsync(webhook.Id, e, id, cancellationToken);
        return new WebhookDeliveryView(id, webhook.Id, e.EventId, e.Type, WebhookDeliveryStatus.Pending);
    }

    /// <summary>
    /// <c>POST /1.0/webhooks/{id}/replay?since_event_id=</c>: queues a new delivery of every event issued after that event
    /// (by issue time, then id) that the webhook wants now and its owner may read, oldest first, at most <see cref="MaxReplay"/>.
    /// </summary>
    /// <exception cref="EngageException">404 for an unknown webhook or event; 422 <c>missing_parameter</c> or <c>webhook_inactive</c>.</exception>
    public async Task<WebhookReplayView> ReplayAsync(Caller caller, string webhookId, string? sinceEventId, CancellationToken cancellationToken)
    {
        if (sinceEventId is null) throw EngageException.Unprocessable("missing_parameter", "since_event_id is required.");
        var webhook = await RequireActiveAsync(caller, webhookId, cancellationToken);
        // Only what the webhook's owner may read goes out, whoever asks for the replay.
        var owner = await fanOut.OwnerAsync(webhook.TokenId, cancellationToken)
            ?? throw EngageException.Unprocessable("webhook_inactive", "The webhook's access token was revoked or its user disabled.");
        var readable = await sources.IdsAsync(s => owner.CanReadSource(s) && caller.CanReadSource(s), cancellationToken);
        var since = await events.FindAsync(readable, sinceEventId, cancellationToken) ?? throw EngageException.NotFound("Event");
        var query = new EventQuery([], [], WebhookStore.EventsOf(webhook), [], since.IssuedAt.AddTicks(-1), null, Descending: false);
        var later = (await events.QueryAsync(readable.Where(WebhookStore.FilterOf(webhook).Includes), query, cancellationToken))
            .Where(e => e.IssuedAt > since.IssuedAt || (e.IssuedAt == since.IssuedAt && string.CompareOrdinal(e.EventId, since.EventId) > 0))
            .ToList();
        var queued = later.Take(MaxReplay).ToList();
        foreach (var e in queued) await fanOut.EnqueueAsync(webhook.Id, e, EngageId.New(time.GetUtcNow()), cancellationToken);
        return new WebhookReplayView(webhook.Id, since.EventId, queued.Count, queued.Select(e => e.EventId).ToList(), later.Count > queued.Count ? queued[^1].EventId : null);
    }

    /// <summary>The oldest delivery held while the endpoint is disabled, or null.</summary>
    public async Task<WebhookDeliveryEntity?> OldestSuspendedAsync(string webhookId, CancellationToken cancellationToken) =>
        (await Table.AllAsync<WebhookDeliveryEntity>(SuspendedFilter(webhookId), cancellationToken)).MinBy(d => d.CreatedAt);

    private static string SuspendedFilter(string webhookId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {webhookId} and RowKey ge {"d|"} and RowKey lt {"d}"} and Status eq {WebhookDeliveryStatus.Suspended}");

    /// <summary>Puts every suspended delivery of a webhook back in the queue (after it was re-enabled).</summary>
    public async Task RequeueSuspendedAsync(string webhookId, CancellationToken cancellationToken)
    {
        await foreach (var delivery in Table.QueryAsync<WebhookDeliveryEntity>(SuspendedFilter(webhookId), cancellationToken: cancellationToken))
        {
            delivery.Status = WebhookDeliveryStatus.Pending;
            delivery.UpdatedAt = time.GetUtcNow();
            if (!await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable, [new(TableTransactionActionType.UpdateReplace, delivery, delivery.ETag)], cancellationToken))
            {
                continue; // changed meanwhile: whoever changed it owns it now
            }
            await storage.Queue(StorageNames.WebhookDeliveriesQueue).SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(new DeliveryMessage(webhookId, delivery.DeliveryId)), cancellationToken);
        }
    }

    private async Task<WebhookEntity> RequireActiveAsync(Caller caller, string webhookId, CancellationToken cancellationToken)
    {
        var webhook = await service.FindVisibleAsync(caller, webhookId, cancellationToken);
        return webhook.Active ? webhook : throw EngageException.Unprocessable("webhook_inactive", "The webhook is not active: activate it (and pass verification) first.");
    }
}

/// <summary>One attempt in the delivery log.</summary>
public sealed record WebhookAttemptView(string DeliveryId, string EventId, string EventType, int Attempt, int? StatusCode, bool Ok, long LatencyMs, string? Error, DateTimeOffset At);

/// <summary>A delivery queued by a redelivery.</summary>
public sealed record WebhookDeliveryView(string Id, string WebhookId, string EventId, string EventType, string Status);

/// <summary>What a replay queued: the event ids in order, and where it stopped when the backlog was longer than one replay.</summary>
public sealed record WebhookReplayView(string WebhookId, string SinceEventId, int Count, IReadOnlyList<string> EventIds, string? ContinueAfterEventId);
