namespace Engage.Benchmarks;

/// <summary>What was checked at one size through the API, before timing.</summary>
public sealed record SizeChecks(long Count, int FirstPageRecords, bool FirstPageNewestFirst, bool FirstPageAsExpected, bool OffsetPageAsExpected, long ClosedCount);

/// <summary>The figures at one source size.</summary>
public sealed record SizeResult(
    int Threads,
    int SeededNow,
    double SeedSeconds,
    SizeChecks Checks,
    LatencyStats List,
    LatencyStats ListConcurrent,
    LatencyStats Offset,
    LatencyStats Filtered,
    IReadOnlyList<LatencyStats> Storage);

/// <summary>The machine the run was on.</summary>
public sealed record MachineInfo(string Os, string Cpu, int Cores, double RamGiB, string Runtime, string Azurite)
{
    /// <summary>This machine.</summary>
    public static MachineInfo Current() => new(
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ProcLine("/proc/cpuinfo", "model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(MemTotalKiB() / 1024d / 1024d, 1),
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        "azurite 3.37.0 (in memory, package.json)");

    private static string? ProcLine(string file, string key) =>
        File.Exists(file) ? File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault() : null;

    private static long MemTotalKiB() =>
        long.TryParse(ProcLine("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kib) ? kib : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024;
}

/// <summary>The whole run: where and when, the shape check, each size, and the ratio of the largest size to the smallest.</summary>
public sealed record BenchResult(
    DateTimeOffset Date,
    MachineInfo Machine,
    bool Smoke,
    int RealThreads,
    double RealThreadsSeconds,
    int ShapeRowsCompared,
    IReadOnlyList<string> ShapeDifferences,
    IReadOnlyList<SizeResult> Sizes,
    double RatioP50,
    double RatioP95,
    double RatioP99,
    double RatioMean,
    double Goal)
{
    /// <summary>True when the largest size's p50 and p95 are within <see cref="Goal"/> times the smallest's.</summary>
    public bool GoalMet => RatioP50 <= Goal && RatioP95 <= Goal;
}
