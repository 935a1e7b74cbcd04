using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Keeps a received message invisible while its function runs: renews its lease (10 minutes unless shortened) every half lease and
/// tracks the newest pop receipt, which the final delete, release or poison move must use.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;

    /// <summary>Starts renewing the <paramref name="lease"/> of the message <paramref name="messageId"/>.</summary>
    public MessageLease(QueueClient queue, string messageId, string popReceipt, TimeSpan lease, ILogger logger)
    {
        PopReceipt = popReceipt;
        _renewal = RenewAsync(queue, messageId, lease, logger);
    }

    /// <summary>The newest pop receipt.</summary>
    public string PopReceipt { get; private set; }

    private async Task RenewAsync(QueueClient queue, string messageId, TimeSpan lease, ILogger logger)
    {
        var interval = lease / 2;
        try
        {
            while (true)
            {
                await Task.Delay(interval, _stop.Token);
                var receipt = await queue.UpdateMessageAsync(messageId, PopReceipt, visibilityTimeout: lease, cancellationToken: _stop.Token);
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
