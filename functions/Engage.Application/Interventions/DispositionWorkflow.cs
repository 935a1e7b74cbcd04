using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Outbox;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Interventions;

/// <summary>
/// Completes an accepted close (queue <c>dispositions</c>): sets <c>closed_at</c>, applies the disposition
/// categories to the intervention and adds them to the thread's, frees the thread for a new intervention, and
/// records <c>intervention.closed</c> in place of the close request, in one transaction, then announces that row to
/// the outbox dispatcher. Repeating it is harmless.
/// </summary>
public sealed class DispositionWorkflow(ThreadPartition partition, OutboxAnnouncer announcer, TimeProvider time, ILogger<DispositionWorkflow> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>Handles one <c>dispositions</c> message (JSON <see cref="OutboxMessage"/>).</summary>
    /// <exception cref="OutboxRowMissingException">The close request is not there and the intervention is not closed (its transaction is in flight or never committed).</exception>
    public async Task CompleteAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(messageText) ?? throw new JsonException("Empty dispositions message.");
        for (var attempt = 1; ; attempt++)
        {
            var request = await partition.FindOutboxAsync(message.PartitionKey, message.RowKey, cancellationToken);
            if (request is null)
            {
                // The close's transaction may still be in flight: wait a moment, else let the queue retry (then poison).
                await Task.Delay(200, cancellationToken);
                request = await partition.FindOutboxAsync(message.PartitionKey, message.RowKey, cancellationToken);
                if (request is null && await announcer.ExplainMissingRowAsync(message, cancellationToken) is not null) return;
                if (request is null) throw new OutboxRowMissingException($"Close request {message.RowKey} is not there (in flight, never committed, or already completed).");
            }
            if (request.Type != "intervention.closing")
            {
                logger.LogInformation("Close request {RowKey} was already completed.", message.RowKey);
                await announcer.AnnounceAsync(OutboxMessage.For(request), cancellationToken);
                return;
            }
            var intervention = await partition.FindInterventionAsync(request.ResourceId, cancellationToken);
            if (intervention is null || intervention.Status != InterventionStatus.Closing)
            {
                await partition.SubmitAsync([new(TableTransactionActionType.Delete, request, request.ETag)], cancellationToken);
                return;
            }
            var head = await partition.HeadAsync(intervention.ThreadId, cancellationToken);
            var now = time.GetUtcNow();
            var categories = intervention.PendingCategoryIdsJson is null
                ? JsonSerializer.Deserialize<List<string>>(intervention.CategoryIdsJson)!
                : JsonSerializer.Deserialize<List<string>>(intervention.PendingCategoryIdsJson)!;
            intervention.Status = InterventionStatus.Closed;
            intervention.ClosedAt = now;
            intervention.CategoryIdsJson = JsonSerializer.Serialize(categories);
            intervention.PendingCategoryIdsJson = null;
            intervention.UpdatedAt = now;
            if (head.ActiveInterventionId == intervention.Id) head.SetActive(null, null);
            head.LastClosedInterventionId = intervention.Id;
            head.CategoryIdsJson = JsonSerializer.Serialize(JsonSerializer.Deserialize<List<string>>(head.CategoryIdsJson)!.Union(categories).ToList());
            head.UpdatedAt = now;
            request.Type = "intervention.closed";
            request.IssuedAt = now;
            try
            {
                await partition.SubmitAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag),
                    new(TableTransactionActionType.UpdateReplace, head, head.ETag),
                    // The row now records the closed event; the outbox dispatcher, announced next, records it and removes it.
                    new(TableTransactionActionType.UpdateReplace, request, request.ETag),
                ], cancellationToken);
                logger.LogInformation("Intervention {InterventionId} closed with {Count} categories", intervention.Id, categories.Count);
                await announcer.AnnounceAsync(OutboxMessage.For(request), cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // The thread moved (a message arrived): read again.
            }
        }
    }
}
