using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Benchmarks;

/// <summary>
/// <c>GET /1.0/content_threads?limit=30</c> at several sizes of one source (issue 7, part 1: the largest size's
/// p50/p95 within 1.5x of the smallest's). Creates <see cref="BenchOptions.RealThreads"/> threads through the Send
/// API, seeds a twin and compares their rows (<see cref="ShapeCheck"/>), then for each size seeds the source up to
/// it (<see cref="ThreadSeeder"/>), checks the list through the API and times it.
/// </summary>
public static class ThreadsListBenchmark
{
    /// <summary>The goal: largest size over smallest, p50 and p95.</summary>
    public const double Goal = 1.5;

    private const string ListPath = "1.0/content_threads?limit=30";
    private const int OffsetProbe = 120;
    private static readonly string OffsetPath = $"1.0/content_threads?limit=30&offset={OffsetProbe}";
    private static readonly string FilteredPath = "1.0/content_threads?limit=30&q=" + Uri.EscapeDataString("status_in:closed");

    /// <summary>Runs the benchmark on a fresh app, writes the results files, and returns the results.</summary>
    public static async Task<BenchResult> RunAsync(BenchOptions options, TextWriter log, CancellationToken cancellationToken = default)
    {
        await using var app = await BenchApp.StartAsync();
        var source = app.Bootstrap.SourceId;
        // Thread n was created (and last active) n seconds after the base: thread n+1 is always newer.
        var origin = DateTimeOffset.UtcNow.AddSeconds(-options.Sizes.Max() - 3600);
        var baseTime = new DateTimeOffset(origin.Year, origin.Month, origin.Day, origin.Hour, origin.Minute, origin.Second, TimeSpan.Zero);
        DateTimeOffset CreatedAt(int n) => baseTime.AddSeconds(n);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.RealThreads), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (n, _) => await app.PushAsync(ThreadsCreate(ThreadSeeder.ForeignId(n), $"Bench thread {n}", CreatedAt(n))));
        var realSeconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"{options.RealThreads} threads through the Send API in {realSeconds:0.0} s");

        var (differences, rowsCompared) = await ShapeCheck.RunAsync(app.Storage, source, ThreadSeeder.ForeignId(0), cancellationToken);
        log.WriteLine(differences.Count == 0 ? $"shape check: {rowsCompared} rows, seeded rows match the app's" : "shape check FAILED:\n  " + string.Join("\n  ", differences));
        if (differences.Count > 0) throw new InvalidOperationException("Seeded rows differ from the app's: " + string.Join("; ", differences));

        var threads = options.RealThreads + 1; // the twin counts
        var next = options.RealThreads;        // numbers continue after the real threads
        var sizes = new List<SizeResult>();
        foreach (var size in options.Sizes)
        {
            var add = size - threads;
            if (add < 0) throw new ArgumentException($"Size {size} is below the {threads} threads already there.");
            var seedTime = await ThreadSeeder.SeedAsync(app.Storage, source, next, add, CreatedAt, options.SeedParallelism, cancellationToken);
            next += add;
            threads = size;
            log.WriteLine($"{size} threads: seeded {add} in {seedTime.TotalSeconds:0.0} s");
            var checks = await CheckAsync(app, size, newest: next - 1);
            log.WriteLine($"  checks: {checks}");
            if (checks.Count != size || checks.FirstPageRecords != 30 || !checks.FirstPageNewestFirst || !checks.FirstPageAsExpected || !checks.OffsetPageAsExpected)
            {
                throw new InvalidOperationException($"The list at {size} threads is wrong: {checks}");
            }
            var result = new SizeResult(size, add, Math.Round(seedTime.TotalSeconds, 1), checks,
                await LatencyProbe.MeasureAsync("limit=30", LatencyProbe.Get(app.Http, ListPath), options.Warmup, options.Requests),
                await LatencyProbe.MeasureAsync($"limit=30, {options.Concurrency} concurrent", LatencyProbe.Get(app.Http, ListPath), options.Warmup, options.Requests, options.Concurrency),
                await LatencyProbe.MeasureAsync($"limit=30&offset={OffsetProbe}", LatencyProbe.Get(app.Http, OffsetPath), 2, options.InfoRequests),
                await LatencyProbe.MeasureAsync("limit=30&q=status_in:closed", LatencyProbe.Get(app.Http, FilteredPath), 0, options.FilteredRequests),
                await StorageBreakdown.MeasureAsync(app.Storage, source, options.InfoRequests, cancellationToken));
            log.WriteLine($"  list p50 {result.List.P50} ms, p95 {result.List.P95} ms, p99 {result.List.P99} ms; filtered p50 {result.Filtered.P50} ms");
            sizes.Add(result);
        }

        var (small, large) = (sizes[0].List, sizes[^1].List);
        var results = new BenchResult(DateTimeOffset.UtcNow, MachineInfo.Current(), options.Smoke, options.RealThreads, Math.Round(realSeconds, 1), rowsCompared, differences, sizes,
            Ratio(large.P50, small.P50), Ratio(large.P95, small.P95), Ratio(large.P99, small.P99), Ratio(large.Mean, small.Mean), Goal);
        await ResultWriter.WriteAsync(results, options.OutputDirectory);
        return results;
    }

    // The list through the API: the count, the first page (the 30 newest, newest first) and the page at the offset probe.
    private static async Task<SizeChecks> CheckAsync(BenchApp app, int size, int newest)
    {
        var first = await app.GetJsonAsync(ListPath);
        var records = first.GetProperty("records").EnumerateArray().ToList();
        // The view has no last_content_at; a thread with no contents was last active when it was created.
        var times = records.Select(r => r.GetProperty("created_at").GetDateTimeOffset()).ToList();
        var expected = Enumerable.Range(0, 30).Select(i => ThreadSeeder.ForeignId(newest - i));
        var offsetPage = (await app.GetJsonAsync(OffsetPath)).GetProperty("records").EnumerateArray().Select(ForeignId);
        var expectedOffset = Enumerable.Range(OffsetProbe, Math.Min(30, Math.Max(0, size - 1 - OffsetProbe))).Select(i => ThreadSeeder.ForeignId(newest - i));
        var closed = (await app.GetJsonAsync(FilteredPath)).GetProperty("count").GetInt64();
        return new SizeChecks(
            first.GetProperty("count").GetInt64(),
            records.Count,
            times.Zip(times.Skip(1)).All(p => p.First >= p.Second),
            records.Select(ForeignId).SequenceEqual(expected),
            offsetPage.SequenceEqual(expectedOffset),
            closed);
    }

    private static string ForeignId(JsonElement record) => record.GetProperty("foreign_id").GetString()!;

    private static double Ratio(double large, double small) => small <= 0 ? double.NaN : Math.Round(large / small, 2);

    private static string ThreadsCreate(string id, string title, DateTimeOffset createdAt) => new JsonObject
    {
        ["action"] = "threads.create",
        ["params"] = new JsonObject { ["id"] = id, ["title"] = title, ["created_at"] = createdAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
    }.ToJsonString();
}
