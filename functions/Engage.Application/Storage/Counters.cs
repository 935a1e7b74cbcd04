using Azure.Data.Tables;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Storage;

/// <summary>
/// Index partitions with a counter row (<c>~count</c>): an index row is added together with the counter's
/// increment in one transaction guarded by the counter's ETag, so <c>count</c> never drifts from the rows.
/// Lists merge the index partitions of several sources in key order.
/// </summary>
public static class Counters
{
    /// <summary>
    /// Adds <paramref name="row"/> and increments its partition's counter in one transaction. Returns false
    /// when the row already existed (nothing changed). Retries on a concurrent counter update.
    /// </summary>
    public static async Task<bool> AddWithCountAsync(EngageStorage storage, string tableName, TableClient table, ITableEntity row, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var counter = await table.FindAsync<CounterEntity>(row.PartitionKey, CounterEntity.CounterRowKey, cancellationToken);
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, row) };
            if (counter is null)
            {
                actions.Add(new(TableTransactionActionType.Add, new CounterEntity { PartitionKey = row.PartitionKey, RowKey = CounterEntity.CounterRowKey, Count = 1 }));
            }
            else
            {
                counter.Count++;
                actions.Add(new(TableTransactionActionType.UpdateReplace, counter, counter.ETag));
            }
            try
            {
                await storage.SubmitAsync(tableName, actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
            {
                return false;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                // The counter moved under us; read it again.
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Deletes the member row (<paramref name="partitionKey"/>, <paramref name="memberRowKey"/>) and decrements its
    /// partition's counter in one transaction. Returns false when the row was not there (nothing changed).
    /// </summary>
    public static async Task<bool> RemoveWithCountAsync(EngageStorage storage, string tableName, TableClient table, string partitionKey, string memberRowKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var counter = await table.FindAsync<CounterEntity>(partitionKey, CounterEntity.CounterRowKey, cancellationToken);
            if (counter is null) return false;
            counter.Count = Math.Max(0, counter.Count - 1);
            try
            {
                await storage.SubmitAsync(tableName,
                [
                    new(TableTransactionActionType.Delete, new TableEntity(partitionKey, memberRowKey), Azure.ETag.All),
                    new(TableTransactionActionType.UpdateReplace, counter, counter.ETag),
                ], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex == 0)
            {
                return false;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 50)
            {
                await Task.Delay(Random.Shared.Next(5, 20 + attempt * 10), cancellationToken);
            }
        }
    }

    /// <summary>Sum of the counters of <paramref name="partitions"/> (one point read each, in parallel).</summary>
    public static async Task<long> CountAsync(TableClient table, IReadOnlyList<string> partitions, CancellationToken cancellationToken)
    {
        var counters = await Task.WhenAll(partitions.Select(p => table.FindAsync<CounterEntity>(p, CounterEntity.CounterRowKey, cancellationToken)));
        return counters.Sum(c => c?.Count ?? 0);
    }

    /// <summary>
    /// The page [offset, offset+limit) of the index rows whose RowKey starts with <paramref name="prefix"/>
    /// merged across partitions in RowKey order, and the
    /// total count. Reads at most offset+limit rows per partition; with <paramref name="after"/> (a keyset cursor's
    /// RowKey, offset then 0) only rows after it. Ask for one row more than the page to learn whether more follow.
    /// </summary>
    public static async Task<(long Count, IReadOnlyList<PointerEntity> Page)> MergedPageAsync(TableClient table, IReadOnlyList<string> partitions, string prefix, int offset, int limit, CancellationToken cancellationToken, string? after = null)
    {
        var countTask = CountAsync(table, partitions, cancellationToken);
        var take = offset + limit;
        var lists = await Task.WhenAll(partitions.Select(p => table.RangeAsync<PointerEntity>(p, prefix, take, cancellationToken, after)));
        var page = lists.SelectMany(l => l)
            .OrderBy(r => r.RowKey, StringComparer.Ordinal)
            .Skip(offset)
            .Take(limit)
            .ToList();
        return (await countTask, page);
    }
}
