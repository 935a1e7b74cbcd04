namespace Engage.Benchmarks.Flow;

/// <summary>Storage operations of one API call, from its <c>X-Engage-Operations</c> header.</summary>
public sealed record CallOperations(string Call, int Calls, PushOperations PerCall);

/// <summary>Everything the flow benchmark measured in one run.</summary>
public sealed record FlowResult(
    DateTimeOffset Date,
    MachineInfo Machine,
    bool Smoke,
    string Mix,
    int Threads,
    IReadOnlyList<IngestLevel> Ingest,
    double IngestGoal,
    CallOperations ListCall,
    EndToEndResult EndToEnd,
    EndToEndResult? EndToEndAtPollingFloor,
    double GoalP50Ms,
    double GoalP99Ms)
{
    /// <summary>True when every level's API rate is at least <see cref="IngestGoal"/> of the raw rate.</summary>
    public bool IngestGoalMet => Ingest.All(l => l.Ratio >= IngestGoal);

    /// <summary>True when the reply's p50 and p99 are under the goals.</summary>
    public bool EndToEndGoalMet => EndToEnd.ToReply.P50 < GoalP50Ms && EndToEnd.ToReply.P99 < GoalP99Ms;
}

/// <summary>
/// The message-flow benchmark (issue 9): on one fresh app, ingest throughput against Azurite's raw rate
/// (<see cref="IngestBenchmark"/>), the storage operations of a list call, and the end-to-end bot round trip
/// (<see cref="EndToEndBenchmark"/>), each with the operations counted per function by <see cref="InvocationLedger"/>.
/// Writes <c>flow.md</c> and <c>flow.json</c>.
/// </summary>
public static class FlowBenchmark
{
    /// <summary>host.json's queue polling ceiling, as a setting (overrides host.json, as in Azure).</summary>
    public const string MaxPollingSetting = "AzureFunctionsJobHost:extensions:queues:maxPollingInterval";

    /// <summary>Runs everything, writes the results files, and returns the results.</summary>
    public static async Task<FlowResult> RunAsync(FlowOptions options, TextWriter log)
    {
        var app = await BenchApp.StartAsync();
        await using var _ = app; // disposed early below, before the second app starts; a second dispose is harmless
        var ingest = await IngestBenchmark.RunAsync(app, options, log);
        var list = await ListCallAsync(app, options.ListCalls);
        log.WriteLine($"list call: {list.PerCall}");
        var e2e = await EndToEndBenchmark.RunAsync(app, options, log);
        await app.DisposeAsync();
        EndToEndResult? floor = null;
        if (options.FloorPollingRoundTrips > 0)
        {
            await using var fast = await BenchApp.StartAsync(new Dictionary<string, string> { [MaxPollingSetting] = "00:00:00.1" });
            floor = await EndToEndBenchmark.RunAsync(fast, options with { RoundTrips = options.FloorPollingRoundTrips }, log);
        }
        var result = new FlowResult(DateTimeOffset.UtcNow, MachineInfo.Current(), options.Smoke, MessageMix.Description, options.Threads, ingest, IngestBenchmark.Goal,
            list, e2e, floor, EndToEndBenchmark.GoalP50, EndToEndBenchmark.GoalP99);
        await FlowResultWriter.WriteAsync(result, options.OutputDirectory);
        return result;
    }

    // The operations of the last of a few list calls (the first ones warm the token and rate-limit caches).
    private static async Task<CallOperations> ListCallAsync(BenchApp app, int calls)
    {
        string? header = null;
        for (var i = 0; i < calls; i++)
        {
            using var response = await app.Http.GetAsync("1.0/content_threads?limit=30");
            response.EnsureSuccessStatusCode();
            header = response.Headers.GetValues("X-Engage-Operations").Single();
        }
        return new CallOperations("GET /1.0/content_threads?limit=30", calls, PushOperations.Parse(header!));
    }
}
