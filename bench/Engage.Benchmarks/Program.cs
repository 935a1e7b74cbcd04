using Engage.Benchmarks;
using Engage.Benchmarks.Flow;
using Engage.Benchmarks.Micro;
using Engage.LocalRunner.Azurite;

// dotnet run -c Release --project bench/Engage.Benchmarks -- [all|threads|flow|micro] [--smoke] [--out DIR]
// Starts its own in-memory Azurite and the local runner; see README, "Performance".
var list = args.ToList();
string[] commands = ["all", "threads", "flow", "micro"];
var command = list.Count > 0 && commands.Contains(list[0]) ? list[0] : "all";
if (list.Count > 0 && !commands.Contains(list[0]) && !list[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: Engage.Benchmarks [all|threads|flow|micro] [--smoke] [--out DIR]");
    return 2;
}
var smoke = list.Contains("--smoke");
var outAt = list.IndexOf("--out");
var output = outAt >= 0 && outAt + 1 < list.Count
    ? Path.GetFullPath(list[outAt + 1])
    : Path.Combine(RepositoryRoot.Find(), "bench", "results", smoke ? "smoke" : "");

if (command is "all" or "threads")
{
    var options = smoke ? BenchOptions.SmokeRun(output) : new BenchOptions { OutputDirectory = output };
    var result = await ThreadsListBenchmark.RunAsync(options, Console.Out);
    Console.WriteLine();
    Console.WriteLine(ResultWriter.Markdown(result));
    Console.WriteLine($"Written to {Path.Combine(output, ResultWriter.BaseName)}.md and .json");
}
if (command is "all" or "flow")
{
    var options = smoke ? FlowOptions.SmokeRun(output) : new FlowOptions { OutputDirectory = output };
    var result = await FlowBenchmark.RunAsync(options, Console.Out);
    Console.WriteLine();
    Console.WriteLine(FlowResultWriter.Markdown(result));
    Console.WriteLine($"Written to {Path.Combine(output, FlowResultWriter.BaseName)}.md and .json");
}
if (command is "all" or "micro")
{
    // The smoke run skips BenchmarkDotNet (minutes, not seconds); the smoke test calls each method once instead.
    if (!smoke)
    {
        var report = await MicroBenchmark.RunAsync(output, Console.Out);
        Console.WriteLine();
        Console.WriteLine(MicroBenchmark.Markdown(report));
        Console.WriteLine($"Written to {Path.Combine(output, MicroBenchmark.BaseName)}.md and .json");
    }
}
return 0;
