using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Ids;

namespace Engage.Benchmarks;

/// <summary>
/// Checks that seeded rows look exactly like the rows the app writes: a twin of a thread created through the Send API
/// (same title, times and source, another foreign id) is seeded, and the four stored rows of both are compared
/// property by property, as stored. Only ids and keys may differ, and those must follow the same formats.
/// </summary>
public static class ShapeCheck
{
    /// <summary>The foreign id of the twin.</summary>
    public const string TwinForeignId = "bench-twin";

    // What names or places one thread and not the other: everything else must be equal.
    private static readonly HashSet<string> Identifying = new(StringComparer.Ordinal)
    {
        "PartitionKey", "RowKey", "Timestamp", "odata.etag", "Id", "ForeignId", "TargetId", "TargetPartitionKey", "TargetRowKey", "IndexRowKey",
    };

    /// <summary>
    /// Seeds the twin of the real thread <paramref name="realForeignId"/> and compares them. Returns the differences
    /// found (empty when the shapes match) and how many rows were compared.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Differences, int RowsCompared)> RunAsync(EngageStorage storage, string sourceId, string realForeignId, CancellationToken cancellationToken)
    {
        var threads = storage.Table(StorageNames.ThreadsTable);
        var realHead = await threads.FindAsync<ThreadEntity>(ThreadKeys.Partition(sourceId, realForeignId), ThreadKeys.Head(sourceId, realForeignId), cancellationToken)
            ?? throw new InvalidOperationException($"The real thread {realForeignId} is missing.");
        var partition = EngageId.BucketOf("bench-twin", sourceId);
        var twin = ThreadSeeder.Build(sourceId, partition, TwinForeignId, realHead.Title!, realHead.CreatedAt, realHead.UpdatedAt);
        await ThreadSeeder.WriteAsync(storage, [twin], cancellationToken);
        await ThreadSeeder.AddToCountAsync(storage, sourceId, 1, cancellationToken);

        var differences = new List<string>();
        var real = await RowsAsync(storage, realHead, cancellationToken);
        var seeded = await RowsAsync(storage, twin.Head, cancellationToken);
        foreach (var (name, a, b) in new[] { "head", "t| pointer", "a| live row", "m| marker" }.Select((n, i) => (n, real[i], seeded[i])))
        {
            differences.AddRange(Compare(name, a, b));
        }
        // The identifying fields differ, but by the same rules.
        var h = twin.Head;
        if (EngageId.BucketOfId(h.Id) != h.PartitionKey) differences.Add("twin head: id bucket is not its partition");
        if (h.IndexRowKey != ThreadKeys.IndexRow(h.LastContentAt!.Value, h.Id)) differences.Add("twin head: IndexRowKey is not a|{inverted ticks}|{id}");
        if (realHead.IndexRowKey != ThreadKeys.IndexRow(realHead.LastContentAt!.Value, realHead.Id)) differences.Add("real head: IndexRowKey has another format");
        return (differences, real.Count * 2);
    }

    // Head, t| pointer, live row and m| marker of a thread, as stored (missing ones are null).
    private static async Task<List<TableEntity?>> RowsAsync(EngageStorage storage, ThreadEntity head, CancellationToken cancellationToken)
    {
        var threads = storage.Table(StorageNames.ThreadsTable);
        var index = storage.Table(StorageNames.ThreadIndexTable);
        return
        [
            await threads.FindAsync<TableEntity>(head.PartitionKey, head.RowKey, cancellationToken),
            await threads.FindAsync<TableEntity>(head.PartitionKey, ThreadKeys.ThreadPointer(head.Id), cancellationToken),
            await index.FindAsync<TableEntity>(head.SourceId, head.IndexRowKey!, cancellationToken),
            await index.FindAsync<TableEntity>(head.SourceId, ThreadKeys.Member(head.Id), cancellationToken),
        ];
    }

    private static IEnumerable<string> Compare(string name, TableEntity? real, TableEntity? seeded)
    {
        if (real is null || seeded is null)
        {
            yield return $"{name}: missing ({(real is null ? "real" : "seeded")})";
            yield break;
        }
        foreach (var key in real.Keys.Union(seeded.Keys).Order(StringComparer.Ordinal))
        {
            var inReal = real.TryGetValue(key, out var a);
            var inSeeded = seeded.TryGetValue(key, out var b);
            if (inReal != inSeeded) yield return $"{name}.{key}: only in the {(inReal ? "real" : "seeded")} row";
            else if (a?.GetType() != b?.GetType()) yield return $"{name}.{key}: {a?.GetType().Name} vs {b?.GetType().Name}";
            else if (!Identifying.Contains(key) && !Equals(a, b)) yield return $"{name}.{key}: '{a}' vs '{b}'";
        }
    }
}
