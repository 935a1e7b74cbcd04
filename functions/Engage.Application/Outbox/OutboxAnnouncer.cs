using System.Text.Json;
using Azure.Storage.Queues.Models;
using Engage.Application.Storage;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Outbox;

/// <summary>
/// The queue message that announces an outbox row: its table, PartitionKey and RowKey, and optionally the
/// RowKey of its guard row (<paramref name="GuardRowKey"/>): the dedupe row its transaction adds, or the marker
/// written when the change was refused after the announcement was taken; either tells a finished or refused change
/// apart from a transaction still in flight, and the row's source (<paramref name="SourceId"/>, given when
/// the row is announced again after its commit), which lets the dispatcher find the event already in the log.
/// </summary>
public sealed record OutboxMessage(string Table, string PartitionKey, string RowKey, string? GuardRowKey = null, string? SourceId = null)
{
    /// <summary>The message that announces an existing row again (after a later step, or by the sweeper).</summary>
    public static OutboxMessage For(Storage.Entities.OutboxEntity row, string table = StorageNames.ThreadsTable) =>
        new(table, row.PartitionKey, row.RowKey, SourceId: row.SourceId);
}

/// <summary>
/// Announces outbox rows on the <c>outbox</c> queue. The announcement is sent before the transaction that
/// writes the row, so a state change costs one queue operation and no process death between commit and send can
/// lose it: the dispatcher retries until the row appears, and an announcement whose transaction never committed
/// ends in <c>outbox-poison</c> with its keys (docs/table-design.md, "Outbox").
/// </summary>
public sealed class OutboxAnnouncer(EngageStorage storage, ILogger<OutboxAnnouncer> logger)
{
    /// <summary>Sends the announcement to <paramref name="queue"/> (default <c>outbox</c>; one queue operation); keep the receipt to withdraw it.</summary>
    public async Task<SendReceipt> AnnounceAsync(OutboxMessage message, CancellationToken cancellationToken, string queue = StorageNames.OutboxQueue)
    {
        var response = await storage.Queue(queue).SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken);
        return response.Value;
    }

    /// <summary>
    /// Withdraws an announcement whose transaction was refused. If the dispatcher has already taken the message
    /// (its pop receipt changed), the withdrawal fails harmlessly: the dispatcher recognises a refused duplicate
    /// by its guard row, and anything else ends in the poison queue with its keys.
    /// </summary>
    /// <returns>False when the message was already taken (the handler will find the row missing).</returns>
    public async Task<bool> WithdrawAsync(SendReceipt receipt, CancellationToken cancellationToken, string queue = StorageNames.OutboxQueue)
    {
        try
        {
            await storage.Queue(queue).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken);
            return true;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 400 or 404)
        {
            logger.LogDebug("Announcement {MessageId} was already taken by the dispatcher: {Reason}", receipt.MessageId, e.ErrorCode);
            return false;
        }
    }

    /// <summary>The RowKey of the marker that says an announced change was refused: <c>x|{event id}</c>.</summary>
    public static string RefusalKey(string eventId) => "x|" + eventId;

    /// <summary>
    /// Marks an announced change as refused (its announcement could not be withdrawn), so the handler that finds no
    /// row ends quietly instead of retrying into the poison queue.
    /// </summary>
    public async Task MarkRefusedAsync(string partitionKey, string eventId, CancellationToken cancellationToken) =>
        await storage.TrySubmitAsync(StorageNames.ThreadsTable,
            [new(Azure.Data.Tables.TableTransactionActionType.Add, new Storage.Entities.PointerEntity { PartitionKey = partitionKey, RowKey = RefusalKey(eventId) })], cancellationToken);

    /// <summary>
    /// For a handler that found no row, what its guard row says (the guard commits with the outbox row, or marks a
    /// refusal): "already dispatched", "a refused duplicate" or "refused" (whose marker is removed now); null when
    /// there is no guard row, so the transaction may still be in flight, or when the row committed after the caller
    /// looked for it.
    /// </summary>
    public async Task<string?> ExplainMissingRowAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.GuardRowKey is not { } key) return null;
        var table = storage.Table(message.Table);
        if (await table.FindAsync<Storage.Entities.PointerEntity>(message.PartitionKey, key, cancellationToken) is not { } guard) return null;
        if (!key.StartsWith("x|", StringComparison.Ordinal))
        {
            if (guard.OutboxRowKey != message.RowKey) return "a refused duplicate";
            // The guard commits with the row, so the row may have appeared since the caller looked: only its absence now
            // means it was dispatched. Null then lets the caller's retry find it.
            return await table.FindAsync<Storage.Entities.OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken) is null ? "already dispatched" : null;
        }
        await storage.TrySubmitAsync(message.Table, [new(Azure.Data.Tables.TableTransactionActionType.Delete, guard, Azure.ETag.All)], cancellationToken);
        return "refused";
    }
}
