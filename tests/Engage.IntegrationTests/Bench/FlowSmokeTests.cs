using System.Text;
using System.Text.Json;
using Engage.Benchmarks.Flow;
using Engage.Benchmarks.Micro;
using Engage.Domain.Channel;
using Engage.Domain.Search;

namespace Engage.IntegrationTests.Bench;

/// <summary>
/// The flow benchmark's smoke mode end to end (its own Azurite and runner; a few pushes at 1 and 2 senders with the
/// raw rate beside them, a few bot round trips) and each micro-benchmark called once. Asserts counts and outcomes,
/// never a timing: the storage cost of a known author's message into an existing thread is the README's goal.
/// </summary>
public class FlowSmokeTests
{
    [Fact]
    public async Task Smoke_run_ingests_at_each_level_completes_every_round_trip_counts_the_goal_cost_and_writes_both_files()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"engage-flow-{Guid.NewGuid():N}");
        try
        {
            var options = FlowOptions.SmokeRun(directory);
            var result = await FlowBenchmark.RunAsync(options, TextWriter.Null);

            Assert.Equal(options.Senders, result.Ingest.Select(l => l.Senders));
            Assert.All(result.Ingest, level =>
            {
                Assert.Equal(options.MessagesAt(level.Senders), level.Api.Requests);
                Assert.Equal(level.Messages, level.Raw.Requests);
                Assert.True(level.RawIngestsPerSecond > 0);
                // Every message was dispatched by the outbox, whatever its kind (a dispatch that finds its row not yet
                // committed is retried, so under load there can be more).
                Assert.InRange(level.Work.Single(t => t.Function == "DispatchOutbox").Invocations, level.Messages, 2L * level.Messages);
            });
            // One sender never races itself: each known author's message into an existing thread costs exactly the goal.
            var sequential = result.Ingest[0].SyncCosts.Where(c => c.Kind == nameof(MessageKind.KnownIntoExisting)).ToList();
            Assert.Equal("2 reads, 0 queries, 2 writes, 1 queue", Assert.Single(sequential).Operations);

            Assert.Equal(options.RoundTrips, result.EndToEnd.Completed);
            Assert.Equal(options.RoundTrips, result.EndToEnd.ToWebhook.Requests);
            Assert.Empty(result.EndToEnd.Failures);
            var work = result.EndToEnd.Work.ToDictionary(t => t.Function);
            Assert.Equal(options.RoundTrips, work["SendApi"].Invocations);
            Assert.InRange(work["DeliverWebhook"].Invocations, options.RoundTrips, 2L * options.RoundTrips);
            Assert.Equal(options.RoundTrips, work["CreateContent"].Invocations);
            Assert.Equal(options.RoundTrips, work["PostOutbound"].Invocations);
            Assert.Equal(0, result.ListCall.PerCall.Queue);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "flow.json")));
            Assert.Equal(2, json.RootElement.GetProperty("ingest").GetArrayLength());
            Assert.True(json.RootElement.GetProperty("end_to_end").GetProperty("work").GetArrayLength() > 0);
            var markdown = await File.ReadAllTextAsync(Path.Combine(directory, "flow.md"));
            Assert.Contains("| KnownIntoExisting | 2 reads, 0 queries, 2 writes, 1 queue |", markdown);
            Assert.Contains("push to bot reply at the bridge", markdown);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Each_micro_benchmark_computes_what_the_app_computes()
    {
        var bench = new HotPathBenchmarks();
        Assert.Equal(128, bench.ChannelSign().Length);
        Assert.True(bench.ChannelVerify());
        Assert.StartsWith("t=", bench.WebhookSign());
        Assert.True(bench.WebhookVerify());
        using var content = JsonDocument.Parse(bench.ContentJson());
        Assert.Equal("674c1a2b00a1b2c3d4e5f601", content.RootElement.GetProperty("id").GetString());
        using var page = JsonDocument.Parse(bench.ThreadPageJson());
        Assert.Equal(30, page.RootElement.GetProperty("records").GetArrayLength());
        var query = bench.ParseQuery();
        Assert.Equal("last_content_at", query.OrderField);
        Assert.Contains(query.Terms, t => t.Negated && t.Keyword == "category");
        Assert.True(ChannelSignature.Verify("0123456789abcdef0123456789abcdef0123456789abcdef", Encoding.UTF8.GetBytes("x"), ChannelSignature.Compute("0123456789abcdef0123456789abcdef0123456789abcdef", Encoding.UTF8.GetBytes("x"))));
    }
}
