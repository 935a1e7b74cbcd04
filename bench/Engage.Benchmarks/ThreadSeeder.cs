using System.Diagnostics;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Ids;

namespace Engage.Benchmarks;

/// <summary>The four rows one thread has once <c>threads.create</c> is done: head, <c>t|</c> pointer, live index row, <c>m|</c> marker.</summary>
public sealed record SeededThread(ThreadEntity Head, PointerEntity Pointer, ThreadIndexEntity Live, PointerEntity Member);

/// <summary>
/// Writes threads straight into storage, row for row what <c>ThreadStore.UpsertThreadAsync</c> writes for a
/// <c>threads.create</c> of a new thread, because 100,000 Send API calls would take far too long. One deliberate
/// difference: a head's partition is a bucket we pick per group of 50 threads, not the hash of its foreign id, so
/// that a group's heads and pointers fit one entity group transaction of 100. Lists never look at that hash (they
/// follow the index row's <c>TargetPartitionKey</c>); only a Send API push to a seeded foreign id would miss it.
/// </summary>
public static class ThreadSeeder
{
    /// <summary>Threads per transaction: two rows each (head and pointer, or live row and marker), 100 operations.</summary>
    public const int GroupSize = 50;

    /// <summary>The rows of one new thread, built as <c>UpsertThreadAsync</c> builds them.</summary>
    public static SeededThread Build(string sourceId, string partition, string foreignId, string title, DateTimeOffset createdAt, DateTimeOffset now)
    {
        var head = ThreadStore.NewHead(partition, ThreadKeys.Head(sourceId, foreignId), sourceId, foreignId, title, createdAt);
        head.UpdatedAt = now;
        head.LastContentAt ??= head.CreatedAt;
        head.MoveIndex(now);
        var pointer = new PointerEntity { PartitionKey = partition, RowKey = ThreadKeys.ThreadPointer(head.Id), TargetId = head.Id, TargetRowKey = head.RowKey };
        var member = new PointerEntity { PartitionKey = sourceId, RowKey = ThreadKeys.Member(head.Id), TargetId = head.Id, TargetPartitionKey = head.PartitionKey, TargetRowKey = head.RowKey };
        return new SeededThread(head, pointer, ThreadIndexRows.Live(head), member);
    }

    /// <summary>The foreign id of seeded thread number <paramref name="number"/>.</summary>
    public static string ForeignId(int number) => $"bench-{number:D6}";

    /// <summary>
    /// Seeds threads number <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 on
    /// <paramref name="sourceId"/>, each created (and last active) at <paramref name="createdAt"/>(number), then adds
    /// <paramref name="count"/> to the source's <c>~count</c>. Returns the time it took.
    /// </summary>
    public static async Task<TimeSpan> SeedAsync(EngageStorage storage, string sourceId, int first, int count, Func<int, DateTimeOffset> createdAt, int parallelism, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var groups = Enumerable.Range(first, count).Chunk(GroupSize);
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (numbers, ct) =>
        {
            var partition = EngageId.BucketOf("bench", sourceId, numbers[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
            var threads = numbers.Select(n => Build(sourceId, partition, ForeignId(n), $"Bench thread {n}", createdAt(n), now)).ToList();
            await WriteAsync(storage, threads, ct);
        });
        await AddToCountAsync(storage, sourceId, count, cancellationToken);
        return clock.Elapsed;
    }

    /// <summary>Writes threads that share a head partition: heads with their pointers first, then their index rows, as the app orders them.</summary>
    public static async Task WriteAsync(EngageStorage storage, IReadOnlyList<SeededThread> threads, CancellationToken cancellationToken)
    {
        var heads = threads.SelectMany(t => new ITableEntity[] { t.Head, t.Pointer }).Select(Add).ToList();
        await storage.SubmitAsync(StorageNames.ThreadsTable, heads, cancellationToken);
        var index = threads.SelectMany(t => new ITableEntity[] { t.Live, t.Member }).Select(Add).ToList();
        await storage.SubmitAsync(StorageNames.ThreadIndexTable, index, cancellationToken);
    }

    /// <summary>Adds <paramref name="added"/> to the source's thread counter (created if missing), under its ETag.</summary>
    public static async Task AddToCountAsync(EngageStorage storage, string sourceId, long added, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.ThreadIndexTable);
        var counter = await table.FindAsync<CounterEntity>(sourceId, CounterEntity.CounterRowKey, cancellationToken);
        if (counter is null)
        {
            await table.AddEntityAsync(new CounterEntity { PartitionKey = sourceId, RowKey = CounterEntity.CounterRowKey, Count = added }, cancellationToken);
            return;
        }
        counter.Count += added;
        await table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken);
    }

    // Add, not upsert: a seeding bug that hits an existing row fails loudly instead of overwriting it.
    private static TableTransactionAction Add(ITableEntity entity) => new(TableTransactionActionType.Add, entity);
}
