using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Engage.Application.Webhooks;

/// <summary>
/// Auto-disable (issue 5, item 5): every attempt's outcome is added to the endpoint's health row; when
/// <see cref="DeliveryRules.ShouldDisable"/> holds, deliveries are held back (suspended) until
/// <see cref="WebhookProber"/> finds the endpoint answering again.
/// </summary>
public sealed class WebhookHealth(EngageStorage storage, IOptions<WebhookDeliveryOptions> options, TimeProvider time, ILogger<WebhookHealth> logger)
{
    private const int MaxOutcomes = 200;
    private const int MaxAttempts = 20;
    private TableClient Table => storage.Table(StorageNames.WebhookDeliveriesTable);
    private WebhookDeliveryOptions Options => options.Value;

    /// <summary>The health row of a webhook, or a fresh one (enabled, no outcomes).</summary>
    public async Task<WebhookHealthEntity> GetAsync(string webhookId, CancellationToken cancellationToken) =>
        await Table.FindAsync<WebhookHealthEntity>(webhookId, WebhookHealthEntity.Key, cancellationToken)
        ?? new WebhookHealthEntity { PartitionKey = webhookId, RowKey = WebhookHealthEntity.Key };

    /// <summary>Adds one attempt's outcome; disables the endpoint when the rule says so. Returns the row as saved.</summary>
    public Task<WebhookHealthEntity> RecordAsync(string webhookId, bool ok, CancellationToken cancellationToken) =>
        ChangeAsync(webhookId, health =>
        {
            var now = time.GetUtcNow();
            var outcomes = Outcomes(health).Where(o => o.At > now - Options.FailureWindow).TakeLast(MaxOutcomes - 1).Append((At: now, Ok: ok)).ToList();
            health.OutcomesJson = JsonSerializer.Serialize(outcomes.Select(o => new object[] { o.At.ToUnixTimeMilliseconds(), o.Ok }));
            if (ok) health.DeliveredCount++;
            else health.FailedCount++;
            if (!health.Disabled && DeliveryRules.ShouldDisable(outcomes, now, Options.FailureWindow, Options.FailureMinimum))
            {
                var failed = outcomes.Count(o => !o.Ok);
                health.Disabled = true;
                health.DisabledAt = now;
                health.DisabledReason = $"{failed} of the last {outcomes.Count} deliveries within {Options.FailureWindow.TotalMinutes:0.#} min failed.";
                health.NextProbeAt = now + Options.ProbeInterval;
                logger.LogWarning("Webhook {WebhookId} disabled: {Reason}", webhookId, health.DisabledReason);
            }
        }, cancellationToken);

    /// <summary>Records a failed probe: the next one is due a probe interval from now.</summary>
    public Task ProbeFailedAsync(string webhookId, CancellationToken cancellationToken) =>
        ChangeAsync(webhookId, h => h.NextProbeAt = time.GetUtcNow() + Options.ProbeInterval, cancellationToken);

    /// <summary>Re-enables an endpoint after a passed probe and forgets its old outcomes.</summary>
    public Task ReenableAsync(string webhookId, CancellationToken cancellationToken) =>
        ChangeAsync(webhookId, h =>
        {
            h.Disabled = false;
            h.DisabledReason = null;
            h.NextProbeAt = null;
            h.ReenabledAt = time.GetUtcNow();
            h.OutcomesJson = "[]";
        }, cancellationToken);

    /// <summary>The recent outcomes stored on a health row.</summary>
    public static IReadOnlyList<(DateTimeOffset At, bool Ok)> Outcomes(WebhookHealthEntity health) =>
        (JsonSerializer.Deserialize<List<JsonElement[]>>(health.OutcomesJson) ?? [])
            .Select(o => (At: DateTimeOffset.FromUnixTimeMilliseconds(o[0].GetInt64()), Ok: o[1].GetBoolean())).ToList();

    // Many deliveries to one endpoint finish together: read, change, write under the ETag, again on a conflict.
    private async Task<WebhookHealthEntity> ChangeAsync(string webhookId, Action<WebhookHealthEntity> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await Table.FindAsync<WebhookHealthEntity>(webhookId, WebhookHealthEntity.Key, cancellationToken);
            var health = existing ?? new WebhookHealthEntity { PartitionKey = webhookId, RowKey = WebhookHealthEntity.Key };
            change(health);
            TableTransactionAction action = existing is null ? new(TableTransactionActionType.Add, health) : new(TableTransactionActionType.UpdateReplace, health, health.ETag);
            if (attempt == MaxAttempts) await storage.SubmitAsync(StorageNames.WebhookDeliveriesTable, [action], cancellationToken);
            else if (!await storage.TrySubmitAsync(StorageNames.WebhookDeliveriesTable, [action], cancellationToken))
            {
                await Task.Delay(Random.Shared.Next(5, 50), cancellationToken);
                continue;
            }
            return health;
        }
    }
}
