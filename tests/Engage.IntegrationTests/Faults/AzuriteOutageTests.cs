using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.IntegrationTests.Api;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Fault case 1: Azurite (on disk) stops and starts again while a bridge keeps pushing. The runner stays up. A push that
/// failed during the outage is retried by the bridge with the same id. Every acknowledged message is then one content
/// (contiguous sequences, right counters), one <c>content.imported</c> in the log, and its event reaches the webhook
/// (at least once, and under one event id only). <c>AzuriteRestartTests</c> shows on-disk data survives a restart.
/// </summary>
public class AzuriteOutageTests(OnDiskFaultFixture app, ITestOutputHelper output) : IClassFixture<OnDiskFaultFixture>
{
    private const int Senders = 4;
    private const int PerSender = 15;

    [Fact]
    public async Task Pushes_across_an_Azurite_restart_are_each_kept_once_and_announced_once()
    {
        var (sourceId, secret) = await FaultApi.SourceAsync(app, "Outage source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        await FaultApi.WebhookAsync(app, endpoint, sourceId, "content.imported");

        var acknowledged = new ConcurrentQueue<string>();
        var retried = new ConcurrentQueue<string>();
        var inFlight = 0;
        var senders = Enumerable.Range(0, Senders).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                var id = $"outage-{s}-{i}";
                Interlocked.Increment(ref inFlight);
                var tries = await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message(id, $"outage-thread-{s % 2}", $"message {id}", $"outage-user-{s}"), sourceId, secret, TimeSpan.FromSeconds(90));
                Interlocked.Decrement(ref inFlight);
                acknowledged.Enqueue(id);
                if (tries > 1) retried.Enqueue(id);
            }
        })).ToList();

        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(acknowledged.Count >= 10)), "the bridge did not get going");
        var inFlightAtStop = Volatile.Read(ref inFlight);
        await app.StopAzuriteAsync();
        // The outage itself: longer than the storage SDK's own retries (about 6 s), so the pushes in flight fail.
        await Task.Delay(TimeSpan.FromSeconds(9));
        await app.RestartAzuriteAsync();
        await Task.WhenAll(senders);
        output.WriteLine($"{inFlightAtStop} pushes in flight at the stop; {retried.Count} pushes needed a retry: {string.Join(", ", retried)}");
        Assert.True(inFlightAtStop > 0);
        Assert.NotEmpty(retried); // some pushes failed during the outage and were pushed again
        Assert.Equal(Senders * PerSender, acknowledged.Count);

        var contentIds = new List<string>();
        foreach (var foreignThread in new[] { "outage-thread-0", "outage-thread-1" })
        {
            var thread = await FaultApi.ThreadAsync(app, sourceId, foreignThread);
            var contents = await FaultApi.ContentsAsync(app, thread.GetProperty("id").GetString()!);
            var expected = acknowledged.Where(id => int.Parse(id.Split('-')[1]) % 2 == int.Parse(foreignThread[^1..])).Order().ToList();
            Assert.Equal(expected, contents.Select(c => c.GetProperty("foreign_id").GetString()!).Order());
            Assert.Equal(Enumerable.Range(1, expected.Count).Select(i => (long)i), contents.Select(c => c.GetProperty("sequence").GetInt64()));
            Assert.Equal(expected.Count, thread.GetProperty("contents_count").GetInt32());
            contentIds.AddRange(contents.Select(c => c.GetProperty("id").GetString()!));
        }
        var (_, listed) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        Assert.Equal(2, listed.GetProperty("count").GetInt32());
        Assert.Equal(2, listed.GetProperty("records").GetArrayLength());

        // The outbox drains: every content is announced once in the log, and its event reaches the webhook.
        var threads = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadsTable);
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            !await threads.QueryAsync<TableEntity>("RowKey ge 'o|' and RowKey lt 'o}'").AnyAsync(), TimeSpan.FromSeconds(60)),
            "outbox rows were left behind: " + string.Join("; ", threads.Query<TableEntity>("RowKey ge 'o|' and RowKey lt 'o}'").Select(r => $"{r.PartitionKey}/{r.RowKey} {r.GetString("Type")} {r.GetDateTimeOffset("IssuedAt"):O}"))
            + $"; outbox queue: {new Azure.Storage.Queues.QueueClient(app.Azurite.ConnectionString, StorageNames.OutboxQueue).GetProperties().Value.ApproximateMessagesCount} messages");
        var imported = await FaultApi.EventsAsync(app, "name_in:\"content.imported\"");
        var eventOf = imported.ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("extra_infos").GetProperty("content_id").GetString()!);
        Assert.Equal(contentIds.Order(), eventOf.Values.Order());
        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(endpoint.Posts.SelectMany(p => p.EventIds).Distinct().Count() >= contentIds.Count), TimeSpan.FromSeconds(60)),
            $"{endpoint.Posts.SelectMany(p => p.EventIds).Distinct().Count()} of {contentIds.Count} events reached the webhook");
        Assert.Equal(eventOf.Keys.Order(), endpoint.Posts.SelectMany(p => p.EventIds).Distinct().Order());
        output.WriteLine($"{endpoint.Posts.Count} webhook posts for {contentIds.Count} events");
    }
}
