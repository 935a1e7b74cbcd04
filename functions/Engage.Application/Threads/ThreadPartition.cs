using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Threads;

/// <summary>
/// Reads and writes rows of one thread's partition for the agent side (interventions, replies, closes): the head,
/// contents in both orders, interventions, outbox rows. Every change is one entity group transaction.
/// </summary>
public sealed class ThreadPartition(EngageStorage storage, Interventions.InterventionIndex interventionIndex)
{
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>The head of the thread that holds <paramref name="threadId"/> (pointer then head: two point reads).</summary>
    /// <exception cref="EngageException">404 when the thread is gone.</exception>
    public async Task<ThreadEntity> HeadAsync(string threadId, CancellationToken cancellationToken)
    {
        var partition = EngageId.BucketOfId(threadId);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ThreadPointer(threadId), cancellationToken) ?? throw EngageException.NotFound("Thread");
        var head = await Threads.FindAsync<ThreadEntity>(partition, pointer.TargetRowKey, cancellationToken);
        return head is { IsAlias: false } ? head : throw EngageException.NotFound("Thread");
    }

    /// <summary>One intervention by id (one point read), or null.</summary>
    public Task<InterventionEntity?> FindInterventionAsync(string id, CancellationToken cancellationToken) =>
        EngageId.IsValid(id)
            ? Threads.FindAsync<InterventionEntity>(EngageId.BucketOfId(id), InterventionKey(id), cancellationToken)
            : Task.FromResult<InterventionEntity?>(null);

    /// <summary>The interventions of a thread, newest first.</summary>
    public async Task<IReadOnlyList<InterventionEntity>> ListInterventionsAsync(ThreadEntity head, CancellationToken cancellationToken)
    {
        var rows = await Threads.RangeAsync<InterventionEntity>(head.PartitionKey, "v|", 1000, cancellationToken);
        return rows.Where(v => v.ThreadId == head.Id).OrderByDescending(v => v.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The RowKey of an intervention.</summary>
    public static string InterventionKey(string id) => TableKeys.Join("v", id);

    /// <summary>The two actions that replace a content in both orders (the first guarded by its ETag).</summary>
    public static IEnumerable<TableTransactionAction> ReplaceContent(ContentEntity content)
    {
        yield return new(TableTransactionActionType.UpdateReplace, content, content.ETag);
        yield return new(TableTransactionActionType.UpdateReplace, content.WithRowKey(ThreadKeys.Descending(content.ThreadId, content.CreatedAt, content.Sequence, content.Id)), Azure.ETag.All);
    }

    /// <summary>
    /// Submits one transaction on the thread partition; interventions it writes get a new version and, after the
    /// commit, their row in the intervention list (<see cref="Interventions.InterventionIndex"/>).
    /// </summary>
    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var interventions = Interventions.InterventionIndex.Prepare(actions);
        await storage.SubmitAsync(StorageNames.ThreadsTable, actions, cancellationToken);
        await interventionIndex.AfterCommitAsync(interventions, cancellationToken);
    }

    /// <summary>
    /// Claims <paramref name="foreignId"/> (the bridge's id for a content we sent) for <paramref name="content"/> in its
    /// thread's dedupe rows, so the same id pushed or polled back from the bridge is the same content (PROTOCOL.md,
    /// "The same object id pushed twice is the same content") and a customer's <c>in_reply_to_id</c> of it finds it.
    /// Returns false when the id already names another content (the bridge's echo arrived before its answer); a repeat
    /// of the claim is true.
    /// </summary>
    public async Task<bool> ClaimForeignIdAsync(ContentEntity content, string foreignId, CancellationToken cancellationToken)
    {
        var dedupe = new PointerEntity { PartitionKey = content.PartitionKey, RowKey = ThreadKeys.Dedupe(content.SourceId, foreignId), TargetId = content.Id, TargetRowKey = content.RowKey };
        try
        {
            await SubmitAsync([new(TableTransactionActionType.Add, dedupe)], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            var existing = await Threads.FindAsync<PointerEntity>(dedupe.PartitionKey, dedupe.RowKey, cancellationToken);
            return existing?.TargetId == content.Id;
        }
    }

    /// <summary>
    /// Replaces one changed row (guarded by its ETag) and adds the outbox row that reports the change, in one
    /// transaction. <paramref name="head"/> names the thread (only its keys and ids are used).
    /// </summary>
    public Task ReplaceWithEventAsync(ITableEntity changed, ThreadEntity head, string eventId, string eventType, string resourceType, string resourceId, string? userId, DateTimeOffset now, CancellationToken cancellationToken, string? metadataJson = null)
    {
        var row = Outbox(head, eventId, eventType, resourceType, resourceId, userId, now);
        row.MetadataJson = metadataJson;
        return SubmitAsync(
        [
            new(TableTransactionActionType.UpdateReplace, changed, changed.ETag),
            new(TableTransactionActionType.Add, row),
        ], cancellationToken);
    }

    /// <summary>A content by its oldest-first RowKey in a partition, or null.</summary>
    public Task<ContentEntity?> FindContentRowAsync(string partition, string rowKey, CancellationToken cancellationToken) =>
        Threads.FindAsync<ContentEntity>(partition, rowKey, cancellationToken);

    /// <summary>The pointer row of a content id in a partition, or null.</summary>
    public Task<PointerEntity?> FindContentPointerAsync(string partition, string contentId, CancellationToken cancellationToken) =>
        Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ContentPointer(contentId), cancellationToken);

    /// <summary>An outbox row, or null.</summary>
    public Task<OutboxEntity?> FindOutboxAsync(string partition, string rowKey, CancellationToken cancellationToken) =>
        Threads.FindAsync<OutboxEntity>(partition, rowKey, cancellationToken);

    /// <summary>A new outbox row describing a change of <paramref name="head"/>'s thread.</summary>
    public static OutboxEntity Outbox(ThreadEntity head, string eventId, string type, string resourceType, string resourceId, string? userId, DateTimeOffset now) => new()
    {
        PartitionKey = head.PartitionKey,
        RowKey = ThreadKeys.Outbox(eventId),
        EventId = eventId,
        Type = type,
        IssuedAt = now,
        SourceId = head.SourceId,
        ThreadId = head.Id,
        ThreadRowKey = head.RowKey,
        ResourceType = resourceType,
        ResourceId = resourceId,
        Sequence = head.LastSequence,
        UserId = userId,
    };
}
