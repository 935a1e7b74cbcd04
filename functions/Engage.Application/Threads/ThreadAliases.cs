using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Threads;

/// <summary>
/// Gives a thread we started (placeholder foreign id, see <see cref="ThreadKeys.Placeholder"/>) the id its bridge
/// answered to <c>threads.create</c>, so that the bridge's later pushes on that id land in it
/// (docs/table-design.md, "Threads we start"):
/// <list type="number">
/// <item>a dedupe row for the first content's new foreign id, in the thread's partition (an echo of it is a duplicate);</item>
/// <item>an alias row at the bridge id's head key, pointing at the real head (<see cref="ThreadStore.LocateAsync"/> follows it);</item>
/// <item>the head's <c>foreign_id</c> becomes the bridge's id.</item>
/// </list>
/// A push that created a thread under the bridge id before the alias existed is adopted: its head is replaced by
/// the alias (under its ETag, so no push is lost), its contents are appended to our thread and its rows removed.
/// Every step can be repeated.
/// </summary>
public sealed class ThreadAliases(EngageStorage storage, ThreadStore threads, ThreadPartition partition, ILogger<ThreadAliases> logger)
{
    private const int MaxAttempts = 10;
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>Links the thread of <paramref name="first"/> (its first content) to <paramref name="foreignId"/>, the bridge's id.</summary>
    public async Task LinkAsync(ContentEntity first, string foreignId, CancellationToken cancellationToken)
    {
        var head = await partition.HeadAsync(first.ThreadId, cancellationToken);
        // Already claimed means a repeat, or a pushed message of that id came first and keeps it.
        await partition.ClaimForeignIdAsync(first, foreignId, cancellationToken);
        var aliasPartition = ThreadKeys.Partition(head.SourceId, foreignId);
        var aliasKey = ThreadKeys.Head(head.SourceId, foreignId);
        if (aliasPartition != head.PartitionKey || aliasKey != head.RowKey)
        {
            await EnsureAliasAsync(head, aliasPartition, aliasKey, foreignId, first.CreatedAt, cancellationToken);
        }
        await SetForeignIdAsync(first.ThreadId, foreignId, cancellationToken);
    }

    private async Task EnsureAliasAsync(ThreadEntity head, string aliasPartition, string aliasKey, string foreignId, DateTimeOffset initiatedAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await storage.SubmitAsync(StorageNames.ThreadsTable, [new(TableTransactionActionType.Add, Alias(aliasPartition, aliasKey, head, foreignId))], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                // The key is taken: decide below.
            }
            var existing = await Threads.FindAsync<ThreadEntity>(aliasPartition, aliasKey, cancellationToken);
            if (existing is null) continue;
            switch (AliasRules.Decide(existing, head.Id, initiatedAt))
            {
                case AliasConflict.AlreadyLinked:
                    if (existing.MergedThreadId is not null) await FinishAdoptionAsync(existing, foreignId, cancellationToken);
                    return;
                case AliasConflict.Adopt:
                    var alias = Alias(aliasPartition, aliasKey, head, foreignId);
                    alias.MergedThreadId = existing.Id;
                    alias.MergedIndexRowKey = existing.IndexRowKey;
                    try
                    {
                        // Under the racing thread's ETag: a push that lands meanwhile makes this fail, and we look again.
                        await storage.SubmitAsync(StorageNames.ThreadsTable, [new(TableTransactionActionType.UpdateReplace, alias, existing.ETag)], cancellationToken);
                    }
                    catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
                    {
                        continue;
                    }
                    logger.LogWarning("Thread {Merged} was created by a push on the bridge's id before thread {ThreadId} was linked to it; merging it.", existing.Id, head.Id);
                    await FinishAdoptionAsync(alias, foreignId, cancellationToken);
                    return;
                default:
                    logger.LogWarning("The bridge answered thread {ThreadId} with the id of thread {Other}, which is left as it is; pushes on that id go there.", head.Id, existing.Id);
                    return;
            }
        }
        throw new InvalidOperationException($"Thread {head.Id}: the alias key kept changing.");
    }

    /// <summary>Moves the merged thread's contents into ours (idempotent by foreign id) and removes its rows and list entry.</summary>
    private async Task FinishAdoptionAsync(ThreadEntity alias, string foreignId, CancellationToken cancellationToken)
    {
        var merged = alias.MergedThreadId!;
        var contents = await Threads.RangeAsync<ContentEntity>(alias.PartitionKey, ThreadKeys.AscendingPrefix(merged), int.MaxValue, cancellationToken);
        var byId = contents.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var c in contents)
        {
            var inReplyTo = c.InReplyToId is { } r && byId.TryGetValue(r, out var replied) ? replied.ForeignId : null;
            await threads.AppendAsync(new NewContent(
                c.SourceId, c.SourceType, foreignId, null, c.ForeignId ?? c.Id, c.AuthorId, c.Body, c.BodyInputFormat, inReplyTo, c.PrivateMessage,
                JsonSerializer.Deserialize<List<string>>(c.ForeignCategoriesJson) ?? [], c.ContextDataJson, c.Language, c.AttachmentsCount, c.CreatedAt), cancellationToken);
        }
        foreach (var c in contents)
        {
            await DeleteAsync(StorageNames.ThreadsTable, alias.PartitionKey, c.RowKey, cancellationToken);
            await DeleteAsync(StorageNames.ThreadsTable, alias.PartitionKey, ThreadKeys.Descending(c.ThreadId, c.CreatedAt, c.Sequence, c.Id), cancellationToken);
            await DeleteAsync(StorageNames.ThreadsTable, alias.PartitionKey, ThreadKeys.ContentPointer(c.Id), cancellationToken);
        }
        await DeleteAsync(StorageNames.ThreadsTable, alias.PartitionKey, ThreadKeys.ThreadPointer(merged), cancellationToken);
        if (alias.MergedIndexRowKey is { } indexRow) await DeleteAsync(StorageNames.ThreadIndexTable, alias.SourceId, indexRow, cancellationToken);
        await Counters.RemoveWithCountAsync(storage, StorageNames.ThreadIndexTable, storage.Table(StorageNames.ThreadIndexTable), alias.SourceId, ThreadKeys.Member(merged), cancellationToken);
    }

    private async Task SetForeignIdAsync(string threadId, string foreignId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var head = await partition.HeadAsync(threadId, cancellationToken);
            if (head.ForeignId == foreignId) return;
            head.ForeignId = foreignId;
            try
            {
                await partition.SubmitAsync([new(TableTransactionActionType.UpdateReplace, head, head.ETag)], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < MaxAttempts * 5)
            {
                // A content landed meanwhile: read the head again.
            }
        }
    }

    private async Task DeleteAsync(string table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(table, [new(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), Azure.ETag.All)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Gone already (a repeat).
        }
    }

    private static ThreadEntity Alias(string aliasPartition, string aliasKey, ThreadEntity head, string foreignId) => new()
    {
        PartitionKey = aliasPartition,
        RowKey = aliasKey,
        Id = head.Id,
        SourceId = head.SourceId,
        ForeignId = foreignId,
        AliasPartitionKey = head.PartitionKey,
        AliasRowKey = head.RowKey,
        CreatedAt = head.CreatedAt,
        UpdatedAt = head.UpdatedAt,
    };
}
