using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Engage.Application.Storage;

namespace Engage.Benchmarks.Flow;

/// <summary>Copies of the rows one ingest writes, read from the app's own tables so that sizes and properties match.</summary>
public sealed record IngestRowTemplates(TableEntity Head, TableEntity Dedupe, TableEntity Ascending, TableEntity Descending, TableEntity Pointer, TableEntity Live, TableEntity Trail, TableEntity Claim, TableEntity Outbox);

/// <summary>
/// Azurite's raw rate for the storage work of one ingest of a known author into an existing thread, done straight
/// with Azure.Data.Tables and Azure.Storage.Queues (no app code): 2 point reads (the source row, the thread head),
/// 1 queue send (a base64 announcement), 1 entity group transaction in the thread's partition (Add dedupe row,
/// both content rows, content pointer and outbox row; Replace the head under its ETag) and 1 in the source's index
/// partition (Add the claim row, Upsert the new live row and the trail row, Delete the previous live row). The rows
/// are copies of rows the app wrote in the same run. Each worker has its own thread partition, so nothing conflicts.
/// </summary>
public sealed class RawIngestRate
{
    private const string ThreadsTable = "BenchRawThreads";
    private const string IndexTable = "BenchRawIndex";
    private const string QueueName = "bench-raw";
    private const string IndexPartition = "raw-source";

    private readonly TableClient _sources;
    private readonly TableClient _threads;
    private readonly TableClient _index;
    private readonly QueueClient _queue;
    private readonly IngestRowTemplates _rows;
    private readonly string _sourceId;
    private long _run;

    private RawIngestRate(string connectionString, IngestRowTemplates rows, string sourceId)
    {
        var tables = new TableServiceClient(connectionString);
        _sources = tables.GetTableClient(StorageNames.SourcesTable);
        _threads = tables.GetTableClient(ThreadsTable);
        _index = tables.GetTableClient(IndexTable);
        _queue = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }).GetQueueClient(QueueName);
        _rows = rows;
        _sourceId = sourceId;
    }

    /// <summary>Creates the bench's own tables and queue on the Azurite at <paramref name="connectionString"/>.</summary>
    public static async Task<RawIngestRate> CreateAsync(string connectionString, IngestRowTemplates rows, string sourceId)
    {
        var raw = new RawIngestRate(connectionString, rows, sourceId);
        await raw._threads.CreateIfNotExistsAsync();
        await raw._index.CreateIfNotExistsAsync();
        await raw._queue.CreateIfNotExistsAsync();
        return raw;
    }

    /// <summary>Does <paramref name="total"/> ingests' storage work over <paramref name="workers"/> workers; latencies are per ingest.</summary>
    public async Task<(double Seconds, LatencyStats Latency)> RunAsync(int workers, int total, int warmup)
    {
        var run = Interlocked.Increment(ref _run);
        var samples = new ConcurrentBag<double>();
        var perWorker = total / workers;
        var lanes = new List<Lane>();
        for (var w = 0; w < workers; w++) lanes.Add(await Lane.StartAsync(this, $"raw-{run}-{w:D3}"));
        foreach (var lane in lanes.Take(1)) for (var i = 0; i < warmup; i++) await lane.IngestAsync();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(lanes.Select(lane => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await lane.IngestAsync();
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await _queue.ClearMessagesAsync();
        return (seconds, LatencyStats.Of($"raw storage, {workers} concurrent", workers, samples));
    }

    // One worker's thread: its head partition, the live index row it moves, and a message counter.
    private sealed class Lane(RawIngestRate raw, string partition)
    {
        private int _n;
        private string _liveKey = $"a|{partition}|start";

        public static async Task<Lane> StartAsync(RawIngestRate raw, string partition)
        {
            var lane = new Lane(raw, partition);
            await raw._threads.UpsertEntityAsync(Copy(raw._rows.Head, partition, "h|" + partition), TableUpdateMode.Replace);
            await raw._index.UpsertEntityAsync(Copy(raw._rows.Live, IndexPartition, lane._liveKey), TableUpdateMode.Replace);
            return lane;
        }

        public async Task IngestAsync()
        {
            var n = _n++;
            var r = raw._rows;
            await raw._sources.GetEntityAsync<TableEntity>(raw._sourceId, "");
            var head = (await raw._threads.GetEntityAsync<TableEntity>(partition, "h|" + partition)).Value;
            await raw._queue.SendMessageAsync($"{{\"table\":\"Threads\",\"pk\":\"{partition}\",\"rk\":\"o|{n:D8}\"}}");
            var fresh = Copy(r.Head, partition, head.RowKey);
            await raw._threads.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, Copy(r.Dedupe, partition, $"f|{n:D8}")),
                new(TableTransactionActionType.Add, Copy(r.Ascending, partition, $"c|{n:D8}")),
                new(TableTransactionActionType.Add, Copy(r.Descending, partition, $"d|{n:D8}")),
                new(TableTransactionActionType.Add, Copy(r.Pointer, partition, $"k|{n:D8}")),
                new(TableTransactionActionType.Add, Copy(r.Outbox, partition, $"o|{n:D8}")),
                new(TableTransactionActionType.UpdateReplace, fresh, head.ETag),
            ]);
            var live = $"a|{partition}|{n:D8}";
            await raw._index.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, Copy(r.Claim, IndexPartition, $"r|{partition}|{n:D8}")),
                new(TableTransactionActionType.UpsertReplace, Copy(r.Live, IndexPartition, live)),
                new(TableTransactionActionType.UpsertReplace, Copy(r.Trail, IndexPartition, "g" + _liveKey[1..])),
                new(TableTransactionActionType.Delete, new TableEntity(IndexPartition, _liveKey), ETag.All),
            ]);
            _liveKey = live;
        }
    }

    private static TableEntity Copy(TableEntity template, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (key, value) in template)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") continue;
            copy[key] = value;
        }
        return copy;
    }
}
