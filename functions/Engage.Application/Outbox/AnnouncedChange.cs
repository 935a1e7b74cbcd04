using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Outbox;

/// <summary>
/// Runs a change to a thread's partition whose transaction carries an outbox row: announces the row on a queue
/// first (see <see cref="OutboxAnnouncer"/>), then runs the attempt (read, check, submit) until it commits,
/// retrying when an ETag moved. When the change is refused for certain, the announcement is withdrawn.
/// </summary>
public sealed class AnnouncedChange(OutboxAnnouncer announcer, TimeProvider time)
{
    /// <summary>Attempts before a conflict is given up.</summary>
    public const int MaxAttempts = 10;

    /// <summary>
    /// Runs <paramref name="attempt"/> with the event id of the announced outbox row (its RowKey is
    /// <see cref="ThreadKeys.Outbox"/> of that id, in <paramref name="partitionKey"/>).
    /// </summary>
    public async Task<T> RunAsync<T>(string partitionKey, string queue, Func<string, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var eventId = EngageId.New(time.GetUtcNow());
        var receipt = await announcer.AnnounceAsync(new OutboxMessage(StorageNames.ThreadsTable, partitionKey, ThreadKeys.Outbox(eventId), OutboxAnnouncer.RefusalKey(eventId)), cancellationToken, queue);
        try
        {
            for (var tries = 1; ; tries++)
            {
                try
                {
                    return await attempt(eventId);
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && tries < MaxAttempts)
                {
                    // Another change reached the thread first: read again and decide again.
                }
            }
        }
        catch (NothingToWrite nothing)
        {
            // Nothing was committed, so nothing must be dispatched: the announcement goes as for a refusal.
            if (!await announcer.WithdrawAsync(receipt, CancellationToken.None, queue)) await announcer.MarkRefusedAsync(partitionKey, eventId, CancellationToken.None);
            return (T)nothing.Answer!;
        }
        catch (Exception e) when (e is EngageException or TableLimitException or Azure.RequestFailedException { Status: >= 400 and < 500 })
        {
            // Already taken by its handler: leave a marker so it ends quietly rather than in the poison queue.
            if (!await announcer.WithdrawAsync(receipt, CancellationToken.None, queue)) await announcer.MarkRefusedAsync(partitionKey, eventId, CancellationToken.None);
            throw;
        }
    }
}

/// <summary>
/// Thrown by an attempt of <see cref="AnnouncedChange.RunAsync{T}"/> that finds the change already made (a write that
/// changes nothing): the announcement is taken back, so no event is dispatched, and <see cref="Answer"/> is answered.
/// </summary>
public sealed class NothingToWrite(object? answer) : Exception("Nothing to write.")
{
    /// <summary>What the request answers (the resource as it is).</summary>
    public object? Answer { get; } = answer;
}
