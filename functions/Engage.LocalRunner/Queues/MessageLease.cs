using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Keeps a received message invisible while its function runs: renews the 10-minute lease every half lease and
/// tracks the newest pop receipt, which the final delete, release or poison move must use.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    /// <summary>Starts renewing the lease of the message <paramref name="messageId"/>.</summary>
    public MessageLease(QueueClient queue, string messageId, string popReceipt, ILogger logger)
    {
        PopReceipt = popReceipt;
        _renewal = RenewAsync(queue, messageId, logger);
    }

    /// <summary>The newest pop receipt.</summary>
    public string PopReceipt { get; private set; }

    private async Task RenewAsync(QueueClient queue, string messageId, ILogger logger)
    {
        var interval = QueueTriggerOptions.Lease / 2;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _stop.Token);
                var receipt = await queue.UpdateMessageAsync(messageId, PopReceipt, visibilityTimeout: QueueTriggerOptions.Lease, cancellationToken: _stop.Token);
                PopReceipt = receipt.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Could not renew the lease of message {MessageId} in queue {Queue}; another listener may take it.", messageId, queue.Name);
        }
    }

    /// <summary>Stops renewing.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewal;
        _stop.Dispose();
    }
}
