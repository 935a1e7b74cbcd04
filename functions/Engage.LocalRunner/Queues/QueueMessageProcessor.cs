using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Engage.LocalRunner.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Handles one received message with the WebJobs QueueProcessor's rules: a message already dequeued more than
/// maxDequeueCount times, or whose text is not valid base64 (with <c>messageEncoding: base64</c>), goes straight
/// to the poison queue; otherwise the function runs in its own DI scope under a renewed lease; success deletes
/// the message; failure poisons it once DequeueCount reaches maxDequeueCount, else makes it visible again after
/// visibilityTimeout. Without a poison queue (the queue is itself <c>-poison</c> or its name too long) a failed
/// message is left invisible, as the host does, to avoid a hot retry loop.
/// </summary>
internal sealed class QueueMessageProcessor(
    FunctionDescriptor function, QueueClient queue, QueueClient? poisonQueue, QueueTriggerOptions options,
    InvocationWrapper wrapper, IServiceProvider services, QueueWakeup wakeup, ILogger logger)
{
    /// <summary>Processes the message; never throws (errors are logged).</summary>
    public async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                await PoisonAsync(message, message.PopReceipt, "dequeued more often than maxDequeueCount");
                return;
            }
            if (!TryDecode(message, out var body))
            {
                logger.LogWarning("Message {MessageId} in queue {Queue} is not valid base64 (host.json messageEncoding is base64).", message.MessageId, queue.Name);
                await PoisonAsync(message, message.PopReceipt, "not valid base64");
                return;
            }
            Exception? failure;
            var lease = new MessageLease(queue, message.MessageId, message.PopReceipt, options.Lease, logger);
            try
            {
                failure = await InvokeAsync(message, body, stopping);
            }
            finally
            {
                await lease.DisposeAsync();
            }
            var popReceipt = lease.PopReceipt;
            if (failure is null) await DeleteAsync(message.MessageId, popReceipt);
            else if (poisonQueue is null) return;
            else if (message.DequeueCount >= options.MaxDequeueCount) await PoisonAsync(message, popReceipt, $"{failure.GetType().Name}: {failure.Message}");
            else await ReleaseAsync(message.MessageId, popReceipt);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not complete message {MessageId} of queue {Queue}.", message.MessageId, queue.Name);
        }
    }

    /// <returns>Null when the function succeeded, else what it threw.</returns>
    private async Task<Exception?> InvokeAsync(QueueMessage message, BinaryData body, CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await wrapper(function.Name, logger, async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var bindingData = QueueArgumentBinder.BindingData(message, body);
                var context = new RunnerFunctionContext(function, scope.ServiceProvider, bindingData, stopping);
                var arguments = QueueArgumentBinder.Bind(function, message, body, bindingData, context, stopping);
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, arguments);
            });
            logger.LogInformation("Executed {Function} (Succeeded, MessageId={MessageId}, DequeueCount={DequeueCount}, Duration={Duration}ms)",
                function.Name, message.MessageId, message.DequeueCount, watch.ElapsedMilliseconds);
            return null;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Executed {Function} (Failed, MessageId={MessageId}, DequeueCount={DequeueCount}, Duration={Duration}ms)",
                function.Name, message.MessageId, message.DequeueCount, watch.ElapsedMilliseconds);
            return e;
        }
    }

    private bool TryDecode(QueueMessage message, out BinaryData body)
    {
        body = message.Body;
        if (!options.Base64) return true;
        var bytes = new byte[message.Body.ToMemory().Length];
        if (!Convert.TryFromBase64String(message.Body.ToString(), bytes, out var written)) return false;
        body = BinaryData.FromBytes(bytes.AsMemory(0, written));
        return true;
    }

    // The line names the copy's id, which `engage poison requeue --id` takes, and why the message failed.
    private async Task PoisonAsync(QueueMessage message, string popReceipt, string reason)
    {
        if (poisonQueue is null) return;
        await poisonQueue.CreateIfNotExistsAsync();
        var copy = await poisonQueue.SendMessageAsync(message.Body);
        logger.LogWarning("Message {MessageId} of queue {Queue} has reached MaxDequeueCount of {Max}. Moved it to queue '{PoisonQueue}' as message {PoisonMessageId}. Reason: {Reason}",
            message.MessageId, queue.Name, options.MaxDequeueCount, poisonQueue.Name, copy.Value.MessageId, reason);
        await DeleteAsync(message.MessageId, popReceipt);
        wakeup.Wake(poisonQueue.Name);
    }

    private async Task DeleteAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.DeleteMessageAsync(messageId, popReceipt);
        }
        catch (RequestFailedException e) when (TakenOver(e))
        {
            logger.LogDebug("Message {MessageId} was already deleted or taken over.", messageId);
        }
    }

    private async Task ReleaseAsync(string messageId, string popReceipt)
    {
        try
        {
            await queue.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout: options.VisibilityTimeout);
        }
        catch (RequestFailedException e) when (TakenOver(e))
        {
            logger.LogDebug("Message {MessageId} was already deleted or taken over.", messageId);
        }
    }

    private static bool TakenOver(RequestFailedException e) => e.Status == 404 || e.ErrorCode == "PopReceiptMismatch";
}
