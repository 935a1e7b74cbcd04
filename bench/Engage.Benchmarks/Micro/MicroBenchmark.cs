using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Engage.Benchmarks.Micro;

/// <summary>One micro-benchmark's figures.</summary>
public sealed record MicroResult(string Method, double MeanNs, double ErrorNs, double StdDevNs, long AllocatedBytes);

/// <summary>The micro-benchmark run: where, when, the job, and each method.</summary>
public sealed record MicroReport(DateTimeOffset Date, MachineInfo Machine, string Job, IReadOnlyList<MicroResult> Results);

/// <summary>
/// Runs <see cref="HotPathBenchmarks"/> with BenchmarkDotNet: in process (no generated project to build, so the
/// run takes about a minute), a short job (1 launch, 3 warm-up and 5 measured iterations), memory diagnoser on.
/// Writes <c>micro.md</c> and <c>micro.json</c>; BenchmarkDotNet's own artifacts go to the temp folder.
/// </summary>
public static class MicroBenchmark
{
    /// <summary>The results file names, without extension.</summary>
    public const string BaseName = "micro";

    private const string JobDescription = "BenchmarkDotNet 0.15.8, in process, 1 launch, 3 warm-up + 5 measured iterations";

    /// <summary>Runs the benchmarks and writes the results into <paramref name="directory"/>.</summary>
    public static async Task<MicroReport> RunAsync(string directory, TextWriter log)
    {
        var job = Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance).WithId("short");
        var config = ManualConfig.CreateMinimumViable().AddJob(job).AddLogger(ConsoleLogger.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "engage-micro-artifacts")).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<HotPathBenchmarks>(config);
        var results = summary.Reports.Select(r => new MicroResult(
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
            Round(r.ResultStatistics?.Mean), Round(r.ResultStatistics?.StandardError), Round(r.ResultStatistics?.StandardDeviation),
            r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase) ?? 0)).ToList();
        var report = new MicroReport(DateTimeOffset.UtcNow, MachineInfo.Current(), JobDescription, results);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".json"),
            JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }) + "\n");
        await File.WriteAllTextAsync(Path.Combine(directory, BaseName + ".md"), Markdown(report));
        log.WriteLine($"micro: {results.Count} benchmarks");
        return report;
    }

    /// <summary>The markdown report.</summary>
    public static string Markdown(MicroReport r)
    {
        var s = new StringBuilder();
        s.AppendLine("# Micro-benchmarks of the hot pure code");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Run {r.Date:yyyy-MM-dd HH:mm} UTC on {r.Machine.Cpu}, {r.Machine.Cores} cores; {r.Machine.Runtime}; {r.Job}.");
        s.AppendLine();
        s.AppendLine("| Method | Mean ns | Std error ns | Std dev ns | Allocated B/op |");
        s.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var x in r.Results) s.AppendLine(CultureInfo.InvariantCulture, $"| {x.Method} | {x.MeanNs:N1} | {x.ErrorNs:N1} | {x.StdDevNs:N1} | {x.AllocatedBytes:N0} |");
        return s.ToString();
    }

    private static double Round(double? ns) => ns is { } v && !double.IsNaN(v) ? Math.Round(v, 1) : double.NaN;
}
