using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engage.Benchmarks.Flow;

/// <summary>Writes <c>flow.json</c> (everything) and <c>flow.md</c> (the tables the README and docs/cost-model.md quote).</summary>
public static class FlowResultWriter
{
    /// <summary>The results file names, without extension.</summary>
    public const string BaseName = "flow";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Writes both files into <paramref name="directory"/> (created if missing).</summary>
    public static async Task WriteAsync(FlowResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".json"), JsonSerializer.Serialize(result, Json) + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".md"), Markdown(result));
    }

    /// <summary>The markdown report.</summary>
    public static string Markdown(FlowResult r)
    {
        var m = r.Machine;
        var s = new StringBuilder();
        void L(FormattableString line) => s.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        L($"# Message flow: ingest, end to end, storage operations{(r.Smoke ? " (smoke run: not figures to quote)" : "")}");
        s.AppendLine();
        L($"Run {r.Date:yyyy-MM-dd HH:mm} UTC on {m.Cpu}, {m.Cores} cores, {m.RamGiB} GiB RAM, {m.Os}; {m.Runtime}; {m.Azurite}. App, Azurite, senders, bot and bridge on the same machine.");
        s.AppendLine();
        L($"## Ingest: signed Send API pushes against Azurite's raw rate");
        s.AppendLine();
        L($"Mix: {r.Mix}; {r.Threads} existing threads. Raw: the same storage work done straight with Azure.Data.Tables and Azure.Storage.Queues (2 point reads, 1 queue send, 2 entity group transactions of the same rows), same concurrency and count, measured right after. Goal: API at least {r.IngestGoal:P0} of raw.");
        s.AppendLine();
        s.AppendLine("| Senders | Messages | API msg/s | API p50 ms | API p95 ms | Raw ingests/s | Raw p50 ms | Raw p95 ms | API / raw |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in r.Ingest)
        {
            L($"| {l.Senders} | {l.Messages} | {l.ApiMessagesPerSecond} | {l.Api.P50} | {l.Api.P95} | {l.RawIngestsPerSecond} | {l.Raw.P50} | {l.Raw.P95} | {l.Ratio:P0} |");
        }
        s.AppendLine();
        L($"Goal (API at least {r.IngestGoal:P0} of raw at every level): **{(r.IngestGoalMet ? "met" : "not met")}**.");
        s.AppendLine();
        s.AppendLine("Synchronous storage operations per push (`X-Engage-Operations`), all levels. Goal for a known author into an existing thread: 2 reads, 0 queries, 2 writes, 1 queue.");
        s.AppendLine();
        s.AppendLine("| Message | Operations | Pushes |");
        s.AppendLine("|---|---|---:|");
        foreach (var c in r.Ingest.SelectMany(l => l.SyncCosts).GroupBy(c => (c.Kind, c.Operations)).Select(g => new CostSeen(g.Key.Kind, g.Key.Operations, g.Sum(c => c.Pushes))).OrderBy(c => c.Kind, StringComparer.Ordinal).ThenByDescending(c => c.Pushes))
        {
            L($"| {c.Kind} | {c.Operations} | {c.Pushes} |");
        }
        s.AppendLine();
        var one = r.Ingest[0];
        L($"Every invocation per ingested message, async work included ({one.Senders} sender level, {one.Messages} messages, counted by the app's pipeline policy per invocation; the runner's own queue receive and delete calls are not in these counts):");
        s.AppendLine();
        Work(s, one.Work, one.Messages, "message");
        s.AppendLine();
        L($"## List call");
        s.AppendLine();
        L($"`{r.ListCall.Call}`: {r.ListCall.PerCall} (the last of {r.ListCall.Calls} calls).");
        s.AppendLine();
        L($"## End to end: customer push to bot webhook and to the bot's reply at the bridge");
        s.AppendLine();
        var e = r.EndToEnd;
        L($"{e.Completed} of {e.RoundTrips} round trips completed, one at a time, random pause of 0 to {e.MaxPauseMs} ms between them. The bot engages, replies and completes through the REST API before answering the delivery.");
        s.AppendLine();
        s.AppendLine("| Leg | Round trips | p50 ms | p95 ms | p99 ms | mean ms | max ms |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var x in new[] { e.ToWebhook, e.ToReply }) L($"| {x.Scenario} | {x.Requests} | {x.P50} | {x.P95} | {x.P99} | {x.Mean} | {x.Max} |");
        s.AppendLine();
        L($"Goal locally (reply at the bridge): p50 under {r.GoalP50Ms} ms, p99 under {r.GoalP99Ms} ms: **{(r.EndToEndGoalMet ? "met" : "not met")}**.");
        if (e.Failures.Count > 0) L($"Bot call failures: {string.Join("; ", e.Failures)}");
        s.AppendLine();
        if (r.EndToEndAtPollingFloor is { } f)
        {
            L($"The same round trips on a second app whose queue listeners poll at most every 100 ms (`maxPollingInterval` 00:00:00.1 instead of host.json's 2 s; the runner wakes a listener only for poison moves, so each queue hop waits for the next poll): {f.Completed} of {f.RoundTrips} completed.");
            s.AppendLine();
            s.AppendLine("| Leg | Round trips | p50 ms | p95 ms | p99 ms | mean ms | max ms |");
            s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var x in new[] { f.ToWebhook, f.ToReply }) L($"| {x.Scenario} | {x.Requests} | {x.P50} | {x.P95} | {x.P99} | {x.Mean} | {x.Max} |");
            s.AppendLine();
        }
        s.AppendLine("Every invocation per round trip (customer message, webhook, bot's engage, reply and complete, reply to the bridge):");
        s.AppendLine();
        Work(s, e.Work, Math.Max(1, e.RoundTrips), "round trip");
        return s.ToString();
    }

    private static void Work(StringBuilder s, IReadOnlyList<FunctionTally> work, int per, string unit)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"| Function | Invocations per {unit} | Point reads | Queries | Write transactions | Queue operations | Mean run ms |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var t in work)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {t.Function} | {R(t.Invocations, per)} | {R(t.Reads, per)} | {R(t.Queries, per)} | {R(t.Writes, per)} | {R(t.QueueOperations, per)} | {Math.Round(t.Seconds * 1000 / Math.Max(1, t.Invocations), 1)} |");
        }
        s.AppendLine(CultureInfo.InvariantCulture, $"| **Total** | {R(work.Sum(t => t.Invocations), per)} | {R(work.Sum(t => t.Reads), per)} | {R(work.Sum(t => t.Queries), per)} | {R(work.Sum(t => t.Writes), per)} | {R(work.Sum(t => t.QueueOperations), per)} | |");
    }

    private static double R(long count, int per) => Math.Round((double)count / per, 2);
}
