using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Threads;

namespace Engage.Benchmarks.Flow;

/// <summary>Reads <see cref="IngestRowTemplates"/> from a thread the app wrote, so the raw rate writes rows of the same size.</summary>
public static class IngestRowTemplatesReader
{
    /// <summary>
    /// The rows of thread <paramref name="foreignThreadId"/> of <paramref name="sourceId"/>, which must have had a
    /// message pushed after its first (so that a trail row exists in the index).
    /// </summary>
    public static async Task<IngestRowTemplates> ReadAsync(EngageStorage storage, string sourceId, string foreignThreadId)
    {
        var threads = storage.Table(StorageNames.ThreadsTable);
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var partition = ThreadKeys.Partition(sourceId, foreignThreadId);
        var head = (await threads.GetEntityAsync<TableEntity>(partition, ThreadKeys.Head(sourceId, foreignThreadId))).Value;
        var id = head.GetString("Id");
        var live = head.GetString("IndexRowKey");
        var contentRow = await FirstAsync(threads, partition, $"c|{id}|");
        var contentId = contentRow.RowKey[(contentRow.RowKey.LastIndexOf('|') + 1)..];
        var outbox = new TableEntity
        {
            ["Type"] = "content.imported",
            ["EventId"] = contentId,
            ["IssuedAt"] = DateTimeOffset.UtcNow,
            ["SourceId"] = sourceId,
            ["ThreadId"] = id,
            ["ThreadRowKey"] = head.RowKey,
            ["ResourceType"] = "content",
            ["ResourceId"] = contentId,
            ["Sequence"] = 2L,
            ["WorkDone"] = false,
        };
        return new IngestRowTemplates(
            head,
            await FirstAsync(threads, partition, "f|"),
            contentRow,
            await FirstAsync(threads, partition, $"d|{id}|"),
            await FirstAsync(threads, partition, $"k|"),
            (await index.GetEntityAsync<TableEntity>(sourceId, live)).Value,
            await FirstAsync(index, sourceId, ThreadIndexRows.TrailPrefix),
            await FirstAsync(index, sourceId, ThreadIndexRows.ClaimPrefix),
            outbox);
    }

    private static async Task<TableEntity> FirstAsync(TableClient table, string partition, string prefix)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1)) return row;
        throw new InvalidOperationException($"No row {prefix}* in {table.Name}/{partition}.");
    }
}
