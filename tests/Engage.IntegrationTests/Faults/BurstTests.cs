using System.Diagnostics;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Threads;
using Engage.IntegrationTests.Api;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Fault case 4: 500 messages pushed into one thread by 8 concurrent senders.
/// Every push races the others for the thread head (ETag), so this is the worst contention one thread sees.
/// <c>SendApiConcurrencyTests</c> covers 60 pushes and a duplicate race; this one adds the size, the counters and the list.
/// </summary>
/// <remarks>
/// Not 500 requests in flight at once: each commit on a thread costs every other racer a failed transaction, so 500
/// simultaneous pushes on one thread take minutes on a 2-core machine (some answer after more than 60 s; retried, they
/// are still kept once). That is a throughput limit of one thread, not a loss, and is left to the ingest work.
/// </remarks>
public class BurstTests(FaultFixture app, ITestOutputHelper output) : IClassFixture<FaultFixture>
{
    private const int Pushes = 500;
    private const int Senders = 8;

    [Fact]
    public async Task Five_hundred_concurrent_pushes_on_one_thread_make_500_contents_with_contiguous_sequences()
    {
        var (sourceId, secret) = await FaultApi.SourceAsync(app, "Burst source");
        var clock = Stopwatch.StartNew();
        // A push the API could not take (5xx, no answer) is retried with its id, as a bridge does.
        using var senders = new SemaphoreSlim(Senders);
        var tries = await Task.WhenAll(Enumerable.Range(0, Pushes).Select(async i =>
        {
            await senders.WaitAsync();
            try
            {
                return await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message($"burst-{i}", "burst-thread", $"message {i}", $"burst-user-{i % 5}"), sourceId, secret, TimeSpan.FromSeconds(60));
            }
            finally
            {
                senders.Release();
            }
        }));
        output.WriteLine($"{Pushes} pushes acknowledged in {clock.Elapsed.TotalSeconds:0.0} s; {tries.Count(t => t > 1)} needed a retry");

        var thread = await FaultApi.ThreadAsync(app, sourceId, "burst-thread");
        Assert.Equal(Pushes, thread.GetProperty("contents_count").GetInt32());
        var contents = await FaultApi.ContentsAsync(app, thread.GetProperty("id").GetString()!);
        Assert.Equal(Enumerable.Range(1, Pushes).Select(i => (long)i), contents.Select(c => c.GetProperty("sequence").GetInt64()));
        Assert.Equal(Enumerable.Range(0, Pushes).Select(i => $"burst-{i}").Order(), contents.Select(c => c.GetProperty("foreign_id").GetString()!).Order());
        Assert.Single(contents, c => c.GetProperty("first_in_thread").GetBoolean());
        Assert.Equal(contents.Count, contents.Select(c => c.GetProperty("id").GetString()).Distinct().Count());

        // The list shows the thread once, counts it once, and its row is where the head says (the newest content).
        var (_, listed) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        var row = Assert.Single(listed.GetProperty("records").EnumerateArray());
        Assert.Equal(thread.GetProperty("id").GetString(), row.GetProperty("id").GetString());
        Assert.Equal(Pushes, row.GetProperty("contents_count").GetInt32());

        // Each acknowledged message is announced once: one content.imported per content, once the outbox is drained.
        var threads = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadsTable);
        var partition = ThreadKeys.Partition(sourceId, "burst-thread");
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            !await threads.QueryAsync<TableEntity>($"PartitionKey eq '{partition}' and RowKey ge 'o|' and RowKey lt 'o}}'").AnyAsync(), TimeSpan.FromSeconds(60)), "outbox rows were left behind");
        var imported = await FaultApi.EventsAsync(app, $"content_thread:\"{thread.GetProperty("id").GetString()}\" name_in:\"content.imported\"");
        Assert.Equal(contents.Select(c => c.GetProperty("id").GetString()).Order(), imported.Select(e => e.GetProperty("extra_infos").GetProperty("content_id").GetString()).Order());
    }
}
