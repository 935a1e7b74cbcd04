using System.Text.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Outbox;

/// <summary>
/// Handles one <c>outbox</c> queue message: reads the announced outbox row, finishes the work that follows the
/// state change (makes sure the thread list shows the thread where its head says and the intervention list row of the
/// intervention the change wrote is up to date; finishes an identity merge; records the events in the log; hands them to every <see cref="Events.IEventSink"/>), and deletes the row.
/// Repeating it is harmless. When the row is gone, the guard row (see <see cref="OutboxMessage"/>) tells a
/// redelivery or a refused duplicate (nothing to do) from a transaction still in flight or never committed:
/// then it waits briefly and throws, so the queue retries it and finally poisons it.
/// </summary>
public sealed class OutboxDispatcher(
    EngageStorage storage, OutboxAnnouncer announcer, ThreadStore threads, Interventions.InterventionIndex interventionIndex, Events.EventFactory eventFactory, Events.EventLog eventLog,
    IEnumerable<Events.IEventSink> sinks, IdentityGroups.IdentityMoves moves, ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan[] RowWaits = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(750)];

    /// <summary>Processes the message text (JSON <see cref="OutboxMessage"/>).</summary>
    /// <exception cref="OutboxRowMissingException">The row is not there (yet).</exception>
    /// <exception cref="JsonException">The message is not an outbox message (it will be poisoned).</exception>
    public async Task DispatchAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(messageText) ?? throw new JsonException("Empty outbox message.");
        var table = storage.Table(message.Table);
        var row = await table.FindAsync<OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken);
        foreach (var wait in RowWaits)
        {
            if (row is not null) break;
            await Task.Delay(wait, cancellationToken);
            row = await table.FindAsync<OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken);
        }
        if (row is null && await announcer.ExplainMissingRowAsync(message, cancellationToken) is { } outcome)
        {
            logger.LogInformation("Announcement {RowKey}: {Outcome}; nothing to do.", message.RowKey, outcome);
            return;
        }
        if (row is null && message.SourceId is not null
            && await eventLog.ContainsAsync(message.SourceId, ThreadKeys.EventIdOfOutbox(message.RowKey), cancellationToken))
        {
            logger.LogInformation("Announcement {RowKey}: already dispatched; nothing to do.", message.RowKey);
            return;
        }
        if (row is null)
        {
            throw new OutboxRowMissingException($"Outbox row {message.Table}/{message.PartitionKey}/{message.RowKey} is not there; its transaction is in flight or never committed.");
        }

        var read = row.ThreadRowKey is null ? null : await threads.EnsureListedAsync(row.PartitionKey, row.ThreadRowKey, cancellationToken, changedAt: row.IssuedAt);
        var head = read is { IsAlias: false } ? read : null;
        if (row.InterventionId is not null)
        {
            await interventionIndex.RepairAsync(row.PartitionKey, row.InterventionId, cancellationToken);
        }
        // A merge or unmerge whose second step a crash may have cut short: finish it before telling anyone.
        if (row.Type is "identity.merged" or "identity.unmerged") await moves.FinishAsync(row, cancellationToken);
        var events = await eventFactory.FromOutboxAsync(row, head, cancellationToken);
        foreach (var e in events) await eventLog.WriteAsync(e, cancellationToken);
        foreach (var sink in sinks) await sink.PublishAsync(events, cancellationToken);
        await storage.SubmitAsync(message.Table, [new(Azure.Data.Tables.TableTransactionActionType.Delete, row, Azure.ETag.All)], cancellationToken);
        logger.LogInformation("Dispatched {EventType} {EventId} for {ResourceType} {ResourceId}", row.Type, row.EventId, row.ResourceType, row.ResourceId);
    }
}

/// <summary>The announced outbox row does not exist (yet).</summary>
public sealed class OutboxRowMissingException(string message) : Exception(message);
