using System.Text.Json;
using Azure.Storage.Queues.Models;
using Engage.Application.Storage;

namespace Engage.Application.Outbox;

/// <summary>The queue message that announces an outbox row: its table, PartitionKey and RowKey.</summary>
public sealed record OutboxMessage(string Table, string PartitionKey, string RowKey);

/// <summary>
/// Announces outbox rows on the <c>outbox</c> queue. The announcement is sent before the transaction that
/// writes the row, so a state change costs one queue operation and no process death between commit and send can
/// lose it: the dispatcher retries until the row appears, and an announcement whose transaction never committed
/// ends in <c>outbox-poison</c> with its keys (docs/table-design.md, "Outbox").
/// </summary>
public sealed class OutboxAnnouncer(EngageStorage storage)
{
    /// <summary>Sends the announcement (one queue operation); keep the receipt to withdraw it.</summary>
    public async Task<SendReceipt> AnnounceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var response = await storage.Queue(StorageNames.OutboxQueue).SendMessageAsync(JsonSerializer.Serialize(message), cancellationToken);
        return response.Value;
    }

    /// <summary>Withdraws an announcement whose transaction was refused (a duplicate), so it never reaches the poison queue.</summary>
    public Task WithdrawAsync(SendReceipt receipt, CancellationToken cancellationToken) =>
        storage.Queue(StorageNames.OutboxQueue).DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken);
}
