using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engage.Benchmarks;

/// <summary>Writes <c>threads-list.json</c> (everything) and <c>threads-list.md</c> (the tables the README quotes).</summary>
public static class ResultWriter
{
    /// <summary>The results file names, without extension.</summary>
    public const string BaseName = "threads-list";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes both files into <paramref name="directory"/> (created if missing).</summary>
    public static async Task WriteAsync(BenchResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".json"), JsonSerializer.Serialize(result, Json) + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".md"), Markdown(result));
    }

    /// <summary>The markdown report.</summary>
    public static string Markdown(BenchResult r)
    {
        var m = r.Machine;
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"# GET /1.0/content_threads?limit=30{(r.Smoke ? " (smoke run: not figures to quote)" : "")}");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Run {r.Date:yyyy-MM-dd HH:mm} UTC on {m.Cpu}, {m.Cores} cores, {m.RamGiB} GiB RAM, {m.Os}; {m.Runtime}; {m.Azurite}. App and Azurite on the same machine, one source, admin token.");
        s.AppendLine();
        s.AppendLine("| Threads in the source | Scenario | Requests | p50 ms | p95 ms | p99 ms | mean ms | max ms |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var size in r.Sizes)
        {
            foreach (var x in new[] { size.List, size.ListConcurrent, size.Offset, size.Filtered }) Row(s, size.Threads, x);
        }
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Ratio {r.Sizes[^1].Threads:N0} / {r.Sizes[0].Threads:N0} threads (sequential `limit=30`): p50 {r.RatioP50}x, p95 {r.RatioP95}x, p99 {r.RatioP99}x, mean {r.RatioMean}x. Goal: p50 and p95 within {r.Goal}x: **{(r.GoalMet ? "met" : "not met")}**.");
        s.AppendLine();
        s.AppendLine("Where the time goes: the storage calls of one list request, timed straight against Azurite.");
        s.AppendLine();
        s.AppendLine("| Threads in the source | Storage call | p50 ms | p95 ms |");
        s.AppendLine("|---:|---|---:|---:|");
        foreach (var size in r.Sizes)
        {
            foreach (var x in size.Storage) s.AppendLine(CultureInfo.InvariantCulture, $"| {size.Threads:N0} | {x.Scenario} | {x.P50} | {x.P95} |");
        }
        s.AppendLine();
        s.AppendLine("Seeding and checks:");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"- {r.RealThreads} threads through the Send API (`threads.create`) in {r.RealThreadsSeconds} s; a seeded twin's {r.ShapeRowsCompared} rows compared with a real thread's: {(r.ShapeDifferences.Count == 0 ? "identical apart from ids and keys" : string.Join("; ", r.ShapeDifferences))}.");
        foreach (var size in r.Sizes)
        {
            var c = size.Checks;
            s.AppendLine(CultureInfo.InvariantCulture, $"- {size.Threads:N0} threads: {size.SeededNow:N0} seeded in {size.SeedSeconds} s; API count {c.Count:N0}, first page {c.FirstPageRecords} records, newest first: {c.FirstPageNewestFirst}, the expected 30: {c.FirstPageAsExpected}, offset page as expected: {c.OffsetPageAsExpected}, `status_in:closed` count {c.ClosedCount}.");
        }
        return s.ToString();
    }

    private static void Row(StringBuilder s, int threads, LatencyStats x) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"| {threads:N0} | `{x.Scenario}` | {x.Requests} | {x.P50} | {x.P95} | {x.P99} | {x.Mean} | {x.Max} |");
}
