using System.Text.Json;
using Azure.Storage.Queues.Models;
using Engage.Application.Storage;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Outbox;

/// <summary>
/// The queue message that announces an outbox row: its table, PartitionKey and RowKey, and optionally the
/// RowKey of the dedupe row its transaction adds (<paramref name="GuardRowKey"/>), which tells a refused
/// duplicate apart from a transaction still in flight, and the row's source (<paramref name="SourceId"/>, given when
/// the row is announced again after its commit), which lets the dispatcher find the event already in the log.
/// </summary>
public sealed record OutboxMessage(string Table, string PartitionKey, string RowKey, string? GuardRowKey = null, string? SourceId = null)
{
    /// <summary>The message that announces an existing row again (after a later step, or by the sweeper).</summary>
    public static OutboxMessage For(Storage.Entities.OutboxEntity row) =>
        new(StorageNames.ThreadsTable, row.PartitionKey, row.RowKey, SourceId: row.SourceId);
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
    public async Task WithdrawAsync(SendReceipt receipt, CancellationToken cancellationToken, string queue = StorageNames.OutboxQueue)
    {
        try
        {
            await storage.Queue(queue).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status is 400 or 404)
        {
            logger.LogDebug("Announcement {MessageId} was already taken by the dispatcher: {Reason}", receipt.MessageId, e.ErrorCode);
        }
    }
}
