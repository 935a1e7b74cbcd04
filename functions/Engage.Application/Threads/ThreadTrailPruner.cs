using Azure.Data.Tables;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Threads;

/// <summary>
/// Deletes <c>ThreadIndex</c> trail rows (<c>g|</c>) that no cursor can need any more (those a thread left more
/// than <see cref="ThreadSearch.CursorLifetime"/> plus an hour ago), and claim rows (<c>r|</c>) as old, which only
/// matter while two moves of a thread race (milliseconds). One filtered scan of each source's trail
/// rows, then batches of up to 100 deletes (one entity group transaction each).
/// </summary>
public sealed class ThreadTrailPruner(EngageStorage storage, SourceStore sources, TimeProvider time, ILogger<ThreadTrailPruner> logger)
{
    /// <summary>How long after a move a trail row is kept.</summary>
    public static readonly TimeSpan Retention = ThreadSearch.CursorLifetime + TimeSpan.FromHours(1);

    /// <summary>Prunes every source; returns how many rows were deleted.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var cutoff = time.GetUtcNow() - Retention;
        var deleted = 0;
        foreach (var (sourceId, prefix) in (await sources.IdsAsync(_ => true, cancellationToken)).SelectMany(s => new[] { (s, ThreadIndexRows.TrailPrefix), (s, ThreadIndexRows.ClaimPrefix) }))
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey gt {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)} and MovedAt lt {cutoff}");
            var batch = new List<TableTransactionAction>();
            await foreach (var row in index.QueryAsync<ThreadIndexEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                batch.Add(new(TableTransactionActionType.Delete, row, Azure.ETag.All));
                if (batch.Count == 100) deleted += await SubmitAsync(batch, cancellationToken);
            }
            if (batch.Count > 0) deleted += await SubmitAsync(batch, cancellationToken);
        }
        if (deleted > 0) logger.LogInformation("Pruned {Count} thread trail rows older than {Cutoff:O}.", deleted, cutoff);
        return deleted;
    }

    private async Task<int> SubmitAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        try
        {
            await storage.SubmitAsync(StorageNames.ThreadIndexTable, [.. batch], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another pruner got there first: delete the rest one by one, ignoring the gone ones.
            foreach (var action in batch) await storage.Table(StorageNames.ThreadIndexTable).DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, Azure.ETag.All, cancellationToken);
        }
        batch.Clear();
        return count;
    }
}
