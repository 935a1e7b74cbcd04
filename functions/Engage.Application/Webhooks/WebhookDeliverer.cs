using Stopwatch = System.Diagnostics.Stopwatch;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.Events;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Engage.Application.Webhooks;

/// <summary>
/// Attempts one webhook delivery (queue <c>webhook-deliveries</c>; PROTOCOL.md, "Webhooks"): <c>POST url</c> of
/// <c>{"id": delivery id, "domain_id", "events": [event]}</c> with <c>X-Dimelo-Secret</c>, <c>X-Engage-Signature</c>,
/// <c>X-Engage-Delivery-Id</c> and <c>X-Engage-Delivery-Attempt</c>; 10 s timeout; any 2xx acknowledges. Each attempt is
/// claimed on the delivery row (ETag, with a lease) before the POST, so two copies of a message never post twice at
/// once, and recorded with its outcome. A failure schedules the next attempt as a delayed queue message
/// (<see cref="DeliveryRules.NextDelay"/>), never a sleep; after the last, the delivery is dropped. Each webhook's rows
/// are their own partition and each attempt its own message, so a slow endpoint never delays another's deliveries.
/// </summary>
public sealed class WebhookDeliverer(
    EngageStorage storage, WebhookStore webhooks, EventLog log, WebhookHealth health, IHttpClientFactory httpClients,
    IOptions<WebhookDeliveryOptions> options, TimeProvider time, ILogger<WebhookDeliverer> logger)
{
    /// <summary>Header with the delivery id (the same on every attempt of a delivery).</summary>
    public const string DeliveryIdHeader = "X-Engage-Delivery-Id";
    /// <summary>Header with the attempt number, from 1.</summary>
    public const string AttemptHeader = "X-Engage-Delivery-Attempt";

    private const int MaxRounds = 5;
    private TableClient Table => storage.Table(StorageNames.WebhookDeliveriesTable);
    private WebhookDeliveryOptions Options => options.Value;

    /// <summary>Handles one message (JSON <see cref="DeliveryMessage"/>).</summary>
    /// <exception cref="JsonException">Not a delivery message (it will be poisoned).</exception>
    public async Task DeliverAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<DeliveryMessage>(messageText) ?? throw new JsonException("Empty delivery message.");
        for (var round = 1; round <= MaxRounds; round++)
        {
            var delivery = await Table.FindAsync<WebhookDeliveryEntity>(message.WebhookId, WebhookFanOut.DeliveryKey(message.DeliveryId), cancellationToken);
            if (delivery is null)
            {
                logger.LogWarning("Delivery {DeliveryId} of webhook {WebhookId} is not there; nothing to do.", message.DeliveryId, message.WebhookId);
                return;
            }
            if (WebhookDeliveryStatus.IsFinal(delivery.Status) || delivery.Status == WebhookDeliveryStatus.Suspended) return;
            var now = time.GetUtcNow();
            // Not due yet (a copy of the message, or a crash before the retry was queued): come back when it is.
            if (delivery.Status == WebhookDeliveryStatus.Retrying && delivery.NextAttemptAt > now)
            {
                await ScheduleAsync(message, delivery.NextAttemptAt.Value - now, cancellationToken);
                return;
            }
            if (delivery.Status == WebhookDeliveryStatus.Sending && delivery.LeaseUntil > now)
            {
                await ScheduleAsync(message, delivery.LeaseUntil.Value - now + TimeSpan.FromSeconds(1), cancellationToken);
                return;
            }
            var webhook = await webhooks.FindAsync(message.WebhookId, cancellationToken);
            if (webhook is not { Active: true })
            {
                await FinishAsync(delivery, WebhookDeliveryStatus.Dropped, "The webhook was deleted or switched off.", cancellationToken);
                return;
            }
            if ((await health.GetAsync(webhook.Id, cancellationToken)).Disabled)
            {
                await FinishAsync(delivery, WebhookDeliveryStatus.Suspended, "The endpoint is disabled after repeated failures; sent again once a probe succeeds.", cancellationToken);
                return;
            }
            if (await EventOrDropAsync(delivery, cancellationToken) is not { } e) return;
            if (await AttemptAsync(webhook, delivery, e, message, probe: false, cancellationToken) is null) continue; // another copy claimed it first
            return;
        }
        logger.LogWarning("Delivery {DeliveryId} kept changing; leaving it to its other messages.", message.DeliveryId);
    }

    /// <summary>
    /// Attempts a held delivery as the probe of its disabled endpoint (see <see cref="WebhookProber"/>): the same POST,
    /// recorded the same way, but a failure leaves it held instead of scheduling a retry. True when a 2xx answered.
    /// </summary>
    public async Task<bool> ProbeAsync(WebhookEntity webhook, WebhookDeliveryEntity delivery, CancellationToken cancellationToken) =>
        await EventOrDropAsync(delivery, cancellationToken) is { } e
        && await AttemptAsync(webhook, delivery, e, new DeliveryMessage(delivery.WebhookId, delivery.DeliveryId), probe: true, cancellationToken) == true;

    private async Task<EventEntity?> EventOrDropAsync(WebhookDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        var e = await log.FindAsync([delivery.EventSourceId], delivery.EventId, cancellationToken);
        if (e is null) await FinishAsync(delivery, WebhookDeliveryStatus.Dropped, "The event is not in the log.", cancellationToken);
        return e;
    }

    // Claims the attempt on the row (ETag), posts, records the outcome and the endpoint's health. Null: another copy
    // claimed it first; else whether a 2xx answered.
    private async Task<bool?> AttemptAsync(WebhookEntity webhook, WebhookDeliveryEntity delivery, EventEntity e, DeliveryMessage message, bool probe, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A lease that ran out means a worker stopped between its POST and its record: log that attempt as unknown.
        var lost = delivery.Status == WebhookDeliveryStatus.Sending ? LostAttempt(delivery, now) : null;
        delivery.Attempts++;
        delivery.Status = WebhookDeliveryStatus.Sending;
        delivery.LeaseUntil = now + Options.Lease;
        delivery.UpdatedAt = now;
        List<TableTransactionAction> claim = [new(TableTransactionActionType.UpdateReplace, delivery, delivery.ETag)];
        if (lost is not null) claim.Add(new(TableTransactionActionType.Add, lost));
        if (!await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable, claim, cancellationToken)) return null;
        var outcome = await PostAsync(webhook, e, delivery, cancellationToken);
        await RecordAsync(message, delivery, outcome, cancellationToken, probe);
        await health.RecordAsync(webhook.Id, outcome.Ok, cancellationToken);
        return outcome.Ok;
    }

    /// <summary>The body of a delivery: <c>{"id", "domain_id", "events": [...]}</c>, compact raw UTF-8.</summary>
    public static byte[] Body(string deliveryId, string domainId, EventEntity e) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["id"] = deliveryId,
        ["domain_id"] = domainId,
        ["events"] = new JsonArray(EventJson.ForWebhook(e)),
    }.ToJsonString(ContractJson.Options));

    private async Task<Outcome> PostAsync(WebhookEntity webhook, EventEntity e, WebhookDeliveryEntity delivery, CancellationToken cancellationToken)
    {
        var body = Body(delivery.DeliveryId, Options.DomainId, e);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        var secrets = webhooks.SecretsOf(webhook, time.GetUtcNow());
        if (secrets.Count > 0)
        {
            request.Headers.TryAddWithoutValidation(WebhookVerifier.SecretHeader, secrets[0]);
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Header(time.GetUtcNow().ToUnixTimeSeconds(), body, secrets));
        }
        request.Headers.TryAddWithoutValidation(DeliveryIdHeader, delivery.DeliveryId);
        request.Headers.TryAddWithoutValidation(AttemptHeader, delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await httpClients.CreateClient(WebhookVerifier.HttpClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            return new(ok, status, ok ? null : $"The endpoint answered HTTP {status}.", clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(false, null, $"No answer within {WebhookVerifier.Timeout.TotalSeconds:0} s.", clock.ElapsedMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            return new(false, null, $"The request failed: {ex.Message}", clock.ElapsedMilliseconds);
        }
    }

    private static WebhookAttemptEntity LostAttempt(WebhookDeliveryEntity delivery, DateTimeOffset now) =>
        AttemptRow(delivery, now, ok: false, statusCode: null, latencyMs: 0, "No outcome recorded: the worker stopped during this attempt (the endpoint may have received it).");

    private static WebhookAttemptEntity AttemptRow(WebhookDeliveryEntity delivery, DateTimeOffset now, bool ok, int? statusCode, long latencyMs, string? error) => new()
    {
        PartitionKey = delivery.WebhookId,
        RowKey = string.Join('|', "a", Storage.TableKeys.NewestFirst(now), delivery.DeliveryId, delivery.Attempts.ToString("D2", System.Globalization.CultureInfo.InvariantCulture)),
        DeliveryId = delivery.DeliveryId,
        EventId = delivery.EventId,
        EventType = delivery.EventType,
        Attempt = delivery.Attempts,
        StatusCode = statusCode,
        Ok = ok,
        LatencyMs = latencyMs,
        Error = error,
        At = now,
    };

    // The attempt's log row and the delivery's new state commit together; then the retry, if any, is queued.
    private async Task RecordAsync(DeliveryMessage message, WebhookDeliveryEntity delivery, Outcome outcome, CancellationToken cancellationToken, bool probe = false)
    {
        var now = time.GetUtcNow();
        var attempt = AttemptRow(delivery, now, outcome.Ok, outcome.StatusCode, outcome.LatencyMs, outcome.Error);
        // A failed probe keeps the delivery held: its retries wait while the endpoint is disabled.
        var delay = outcome.Ok || probe ? null : DeliveryRules.NextDelay(delivery.Attempts, Options.RetryDelays);
        delivery.Status = outcome.Ok ? WebhookDeliveryStatus.Delivered
            : probe ? WebhookDeliveryStatus.Suspended
            : delay is null ? WebhookDeliveryStatus.Dropped : WebhookDeliveryStatus.Retrying;
        delivery.LeaseUntil = null;
        delivery.NextAttemptAt = delay is null ? null : now + delay;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.LastError = outcome.Error;
        delivery.UpdatedAt = now;
        if (outcome.Ok) delivery.DeliveredAt = now;
        if (!await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable,
                [new(TableTransactionActionType.Add, attempt), new(TableTransactionActionType.UpdateReplace, delivery, delivery.ETag)], cancellationToken))
        {
            // Our lease ran out and another worker took the delivery over: its attempt is the one that counts.
            logger.LogWarning("Delivery {DeliveryId} attempt {Attempt} finished after its lease; not recorded.", delivery.DeliveryId, delivery.Attempts);
            return;
        }
        logger.LogInformation("Delivery {DeliveryId} of {EventType} to webhook {WebhookId}, attempt {Attempt}: {Status}", delivery.DeliveryId, delivery.EventType, delivery.WebhookId, delivery.Attempts, delivery.Status);
        if (delay is not null) await ScheduleAsync(message, delay.Value, cancellationToken);
    }

    private async Task FinishAsync(WebhookDeliveryEntity delivery, string status, string reason, CancellationToken cancellationToken)
    {
        delivery.Status = status;
        delivery.LastError = reason;
        delivery.UpdatedAt = time.GetUtcNow();
        // False when another copy changed it meanwhile: that copy's decision stands.
        await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable, [new(TableTransactionActionType.UpdateReplace, delivery, delivery.ETag)], cancellationToken);
    }

    private Task ScheduleAsync(DeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken) =>
        storage.Queue(StorageNames.WebhookDeliveriesQueue).SendMessageAsync(
            JsonSerializer.Serialize(message), visibilityTimeout: delay < TimeSpan.Zero ? TimeSpan.Zero : delay, cancellationToken: cancellationToken);

    private sealed record Outcome(bool Ok, int? StatusCode, string? Error, long LatencyMs);
}
