using System.Collections.Concurrent;
using System.Diagnostics;

namespace Engage.Benchmarks.Flow;

/// <summary>The synchronous storage operations of one push, from its <c>X-Engage-Operations</c> header.</summary>
public sealed record PushOperations(int Reads, int Queries, int Writes, int Queue)
{
    /// <summary>Parses <c>reads=R;queries=Q;writes=W;queue=N</c>.</summary>
    public static PushOperations Parse(string header)
    {
        var parts = header.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        return new PushOperations(parts["reads"], parts["queries"], parts["writes"], parts["queue"]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Reads} reads, {Queries} queries, {Writes} writes, {Queue} queue";
}

/// <summary>How often each cost was seen among the pushes of one kind.</summary>
public sealed record CostSeen(string Kind, string Operations, int Pushes);

/// <summary>One ingest level: the API's rate and latency, the raw rate at the same concurrency, and the ratio.</summary>
public sealed record IngestLevel(
    int Senders,
    int Messages,
    double ApiSeconds,
    double ApiMessagesPerSecond,
    LatencyStats Api,
    double RawSeconds,
    double RawIngestsPerSecond,
    LatencyStats Raw,
    double Ratio,
    IReadOnlyList<CostSeen> SyncCosts,
    IReadOnlyList<FunctionTally> Work);

/// <summary>
/// Ingest throughput of signed Send API pushes at each level of concurrent senders (the mix of
/// <see cref="MessageMix"/>), and right after it, at the same concurrency and message count, Azurite's raw rate for
/// the same storage work (<see cref="RawIngestRate"/>). The async work a level queued is drained before the raw
/// run, and its functions' counts (<see cref="InvocationLedger"/>) are part of the level's result.
/// </summary>
public static class IngestBenchmark
{
    /// <summary>The goal: API rate over raw rate.</summary>
    public const double Goal = 0.70;

    /// <summary>Creates the existing threads (one push each by its author), then runs every level.</summary>
    public static async Task<IReadOnlyList<IngestLevel>> RunAsync(BenchApp app, FlowOptions options, TextWriter log)
    {
        var source = app.Bootstrap.SourceId;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Threads), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (t, _) =>
            await app.PushAsync(MessageMix.Message($"flow-first-{t}", MessageMix.ThreadId(t), MessageMix.AuthorOf(t), "Hello, I have a question about my order.")));
        // A second message in thread 0 moves its index row, so the templates include a trail row.
        await app.PushAsync(MessageMix.Message("flow-second-0", MessageMix.ThreadId(0), MessageMix.AuthorOf(0), "Are you there?"));
        await app.DrainAsync(TimeSpan.FromMinutes(5));
        log.WriteLine($"ingest: {options.Threads} threads created in {clock.Elapsed.TotalSeconds:0.0} s");
        var raw = await RawIngestRate.CreateAsync(app.Azurite.ConnectionString, await IngestRowTemplatesReader.ReadAsync(app.Storage, source, MessageMix.ThreadId(0)), source);

        var levels = new List<IngestLevel>();
        long next = 0;
        foreach (var senders in options.Senders)
        {
            var total = options.MessagesAt(senders);
            for (var i = 0; i < options.Warmup; i++)
            {
                await app.PushAsync(MessageMix.Message($"flow-warm-{senders}-{i}", MessageMix.ThreadId(i % options.Threads), MessageMix.AuthorOf(i % options.Threads), "warm-up"));
            }
            await app.DrainAsync(TimeSpan.FromMinutes(5));
            var before = app.Ledger.Snapshot();
            var first = next;
            next += total;
            var samples = new ConcurrentBag<double>();
            var costs = new ConcurrentBag<(MessageKind, PushOperations)>();
            long taken = first - 1;
            var run = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
            {
                for (var n = Interlocked.Increment(ref taken); n < first + total; n = Interlocked.Increment(ref taken))
                {
                    var body = MessageMix.Body($"flow-{n}", n, options.Threads, $"Message {n}: my parcel has not arrived yet, can you check?");
                    var started = Stopwatch.GetTimestamp();
                    var header = await app.PushAsync(body, source, app.Bootstrap.SourceSecret);
                    samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (header is not null) costs.Add((MessageMix.KindOf(n), PushOperations.Parse(header)));
                }
            })));
            var apiSeconds = run.Elapsed.TotalSeconds;
            await app.DrainAsync(TimeSpan.FromMinutes(10));
            var work = InvocationLedger.Between(before, app.Ledger.Snapshot());

            var (rawSeconds, rawLatency) = await raw.RunAsync(senders, total, options.Warmup);
            var apiRate = total / apiSeconds;
            var rawRate = total / senders * senders / rawSeconds;
            var level = new IngestLevel(senders, total, Math.Round(apiSeconds, 2), Math.Round(apiRate, 1), LatencyStats.Of($"Send API, {senders} concurrent", senders, samples),
                Math.Round(rawSeconds, 2), Math.Round(rawRate, 1), rawLatency, Math.Round(apiRate / rawRate, 3), Seen(costs), work);
            log.WriteLine($"ingest {senders} senders: {level.ApiMessagesPerSecond} msg/s (p50 {level.Api.P50} ms), raw {level.RawIngestsPerSecond}/s, ratio {level.Ratio:P0}");
            levels.Add(level);
        }
        return levels;
    }

    private static List<CostSeen> Seen(IEnumerable<(MessageKind Kind, PushOperations Cost)> costs) =>
        costs.GroupBy(c => (c.Kind, c.Cost)).Select(g => new CostSeen(g.Key.Kind.ToString(), g.Key.Cost.ToString(), g.Count()))
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenByDescending(c => c.Pushes).ToList();
}
