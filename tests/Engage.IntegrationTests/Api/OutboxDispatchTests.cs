using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>The outbox: every announced row is dispatched and deleted; a change whose list update was lost is repaired.</summary>
public class OutboxDispatchTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private TableClient Threads => new(app.Azurite.ConnectionString, StorageNames.ThreadsTable);

    private async Task<int> PendingOutboxRowsAsync() =>
        await Threads.QueryAsync<TableEntity>("RowKey ge 'o|' and RowKey lt 'o}'").CountAsync();

    [Fact]
    public async Task Every_outbox_row_is_dispatched_and_nothing_is_poisoned()
    {
        var pushes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => app.PushAsync(EngageFixture.Message($"ob-{i}", $"ob-thread-{i % 2}", "x"))));
        Assert.All(pushes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.True(await EngageFixture.EventuallyAsync(async () => await PendingOutboxRowsAsync() == 0), "outbox rows were left behind");
        var poison = new QueueClient(app.Azurite.ConnectionString, StorageNames.OutboxQueue + "-poison");
        var peeked = await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value.Length : 0;
        Assert.Equal(0, peeked);
    }

    [Fact]
    public async Task A_thread_whose_list_update_was_lost_is_listed_again_by_the_dispatcher()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("lost-1", "lost-thread", "x"))).StatusCode);
        Assert.True(await EngageFixture.EventuallyAsync(async () => await PendingOutboxRowsAsync() == 0));
        var partition = ThreadKeys.Partition(app.Bootstrap.SourceId, "lost-thread");
        var head = (await Threads.GetEntityAsync<ThreadEntity>(partition, ThreadKeys.Head(app.Bootstrap.SourceId, "lost-thread"))).Value;

        // The process "died" after committing, before moving the index: neither the place nor its claim row was
        // written; the outbox row and its announcement remain.
        var index = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadIndexTable);
        await index.DeleteEntityAsync(head.SourceId, head.IndexRowKey!);
        await index.DeleteEntityAsync(head.SourceId, ThreadIndexRows.ClaimPrefix + head.IndexRowKey![ThreadKeys.IndexPrefix.Length..]);
        Assert.DoesNotContain(await ListedForeignIdsAsync(), id => id == "lost-thread");
        var outbox = new OutboxEntity
        {
            PartitionKey = partition, RowKey = ThreadKeys.Outbox("5f1b2c3d4e5f6a7b8c9d0e1f"), EventId = "5f1b2c3d4e5f6a7b8c9d0e1f", Type = "content.imported",
            SourceId = head.SourceId, ThreadId = head.Id, ThreadRowKey = head.RowKey, ResourceType = "content", ResourceId = "x", IssuedAt = DateTimeOffset.UtcNow,
        };
        await Threads.AddEntityAsync(outbox);
        await app.Host.Services.GetRequiredService<OutboxAnnouncer>().AnnounceAsync(new OutboxMessage(StorageNames.ThreadsTable, partition, outbox.RowKey), CancellationToken.None);

        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ListedForeignIdsAsync()).Contains("lost-thread")), "the dispatcher did not repair the list");
        Assert.True(await EngageFixture.EventuallyAsync(async () => await PendingOutboxRowsAsync() == 0));
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        Assert.Equal(threads.GetProperty("count").GetInt32(), threads.GetProperty("records").GetArrayLength());
    }

    [Fact]
    public async Task A_guard_naming_a_row_that_is_there_now_does_not_explain_the_row_away()
    {
        // The handler looked before the transaction committed; by the time it reads the guard, guard and row are both
        // there. "Already dispatched" would drop the row's events until the sweep; the handler must retry instead.
        var partition = ThreadKeys.Partition(app.Bootstrap.SourceId, "guard-race-thread");
        const string eventId = "5f1b2c3d4e5f6a7b8c9d0e2a";
        var guardKey = ThreadKeys.Dedupe(app.Bootstrap.SourceId, "guard-race-msg");
        var message = new OutboxMessage(StorageNames.ThreadsTable, partition, ThreadKeys.Outbox(eventId), guardKey);
        var announcer = app.Host.Services.GetRequiredService<OutboxAnnouncer>();
        await Threads.AddEntityAsync(new PointerEntity { PartitionKey = partition, RowKey = guardKey, TargetId = "x", TargetRowKey = "c|x", OutboxRowKey = message.RowKey });
        await Threads.AddEntityAsync(new OutboxEntity { PartitionKey = partition, RowKey = message.RowKey, EventId = eventId, Type = "content.imported", SourceId = app.Bootstrap.SourceId, ResourceType = "content", ResourceId = "x", IssuedAt = DateTimeOffset.UtcNow });

        Assert.Null(await announcer.ExplainMissingRowAsync(message, CancellationToken.None));
        await Threads.DeleteEntityAsync(partition, message.RowKey);
        Assert.Equal("already dispatched", await announcer.ExplainMissingRowAsync(message, CancellationToken.None));
    }

    private async Task<List<string>> ListedForeignIdsAsync()
    {
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        return threads.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("foreign_id").GetString()!).ToList();
    }
}
