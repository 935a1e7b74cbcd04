using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Polls one queue for one function with the Functions host's semantics (WebJobs <c>QueueListener</c>): receive up
/// to batchSize messages with a 10-minute lease (see <see cref="QueueTriggerOptions.Lease"/>), process them concurrently, fetch again once at most
/// newBatchThreshold are in flight; back off from 100 ms to maxPollingInterval (with jitter) while the queue is
/// empty or missing, reset when a message is found; <see cref="IQueueWakeup"/> cuts a wait short.
/// </summary>
/// <remarks>
/// Why the listener is reproduced here instead of hosting the WebJobs SDK: the SDK only indexes methods carrying
/// its own <c>Microsoft.Azure.WebJobs.QueueTriggerAttribute</c>, so every worker function would need a
/// hand-written (or emitted) adapter, against the rule that a new function needs no second registration; it
/// would also bring a second host with its own configuration, storage leases and dependency pins. The rules it
/// applies are small and listed in azure-notes §3.1, and the tests check them against Azurite.
/// </remarks>
internal sealed class QueueListener(
    FunctionDescriptor function, QueueServiceClient service, QueueTriggerOptions options, InvocationWrapper wrapper,
    IServiceProvider services, QueueWakeup wakeup, ILoggerFactory loggers) : BackgroundService
{
    /// <summary>Longest queue name that still gets a <c>-poison</c> queue (63 - 7).</summary>
    private const int MaxNameWithPoison = 56;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var logger = loggers.CreateLogger($"Function.{function.Name}");
        var name = function.Served.Queue!;
        var queue = service.GetQueueClient(name);
        var poison = name.EndsWith("-poison", StringComparison.Ordinal) || name.Length > MaxNameWithPoison ? null : service.GetQueueClient(name + "-poison");
        var processor = new QueueMessageProcessor(function, queue, poison, options, wrapper, services, wakeup, logger);
        var signal = wakeup.Register(name);
        var backoff = new PollingBackoff(QueueTriggerOptions.MinPollingInterval, options.MaxPollingInterval);
        var inFlight = new List<Task>();
        var exists = false;
        logger.LogInformation("Listening to queue {Queue} for {Function}.", name, function.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var found = false;
            try
            {
                exists = exists || (await queue.ExistsAsync(stoppingToken)).Value;
                if (exists)
                {
                    QueueMessage[] messages = await queue.ReceiveMessagesAsync(options.BatchSize, options.Lease, stoppingToken);
                    found = messages.Length > 0;
                    inFlight.AddRange(messages.Select(m => processor.ProcessAsync(m, stoppingToken)));
                    inFlight.RemoveAll(t => t.IsCompleted);
                    while (inFlight.Count > options.NewBatchThreshold)
                    {
                        await Task.WhenAny(inFlight);
                        inFlight.RemoveAll(t => t.IsCompleted);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                exists = false;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Polling queue {Queue} failed; backing off.", name);
            }
            try
            {
                await signal.WaitAsync(backoff.Next(found), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(inFlight);
    }
}
