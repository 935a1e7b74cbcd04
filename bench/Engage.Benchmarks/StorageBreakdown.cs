using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;

namespace Engage.Benchmarks;

/// <summary>
/// Times, straight against storage, the calls one unfiltered <c>GET /1.0/content_threads?limit=30</c> makes
/// (docs/table-design.md, "Lists"), so the report can say where the time goes as the source grows.
/// </summary>
public static class StorageBreakdown
{
    /// <summary>Each storage call of the list, timed <paramref name="requests"/> times after one warm-up.</summary>
    public static async Task<IReadOnlyList<LatencyStats>> MeasureAsync(EngageStorage storage, string sourceId, int requests, CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var threads = storage.Table(StorageNames.ThreadsTable);
        var page = await RangeAsync(index, sourceId, 31, 1000, cancellationToken);
        var heads = page.Take(30).ToList();
        return
        [
            // What an unfiltered first page sends: one range read of limit + 1 rows.
            await LatencyProbe.MeasureAsync("index range query, 31 per page (as served)", () => RangeAsync(index, sourceId, 31, 31, cancellationToken), 1, requests),
            await LatencyProbe.MeasureAsync("~count point read", () => index.FindAsync<CounterEntity>(sourceId, CounterEntity.CounterRowKey, cancellationToken), 1, requests),
            await LatencyProbe.MeasureAsync("30 head point reads in parallel", () => Task.WhenAll(heads.Select(r => threads.FindAsync<ThreadEntity>(r.TargetPartitionKey!, r.TargetRowKey, cancellationToken))), 1, requests),
        ];
    }

    private static async Task<List<ThreadIndexEntity>> RangeAsync(TableClient index, string sourceId, int take, int perPage, CancellationToken cancellationToken)
    {
        var prefix = ThreadKeys.IndexPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey gt {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        var rows = new List<ThreadIndexEntity>(take);
        await foreach (var row in index.QueryAsync<ThreadIndexEntity>(filter, maxPerPage: perPage, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == take) break;
        }
        return rows;
    }
}
