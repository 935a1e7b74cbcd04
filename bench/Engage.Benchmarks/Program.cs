using Engage.Benchmarks;
using Engage.LocalRunner.Azurite;

// dotnet run -c Release --project bench/Engage.Benchmarks -- threads [--smoke] [--out DIR]
// Starts its own in-memory Azurite and the local runner; see README, "Performance".
var list = args.ToList();
if (list.Count == 0 || list[0] != "threads")
{
    Console.Error.WriteLine("usage: Engage.Benchmarks threads [--smoke] [--out DIR]");
    return 2;
}
var smoke = list.Contains("--smoke");
var outAt = list.IndexOf("--out");
var output = outAt >= 0 && outAt + 1 < list.Count
    ? Path.GetFullPath(list[outAt + 1])
    : Path.Combine(RepositoryRoot.Find(), "bench", "results", smoke ? "smoke" : "");
var options = smoke ? BenchOptions.SmokeRun(output) : new BenchOptions { OutputDirectory = output };
var result = await ThreadsListBenchmark.RunAsync(options, Console.Out);
Console.WriteLine();
Console.WriteLine(ResultWriter.Markdown(result));
Console.WriteLine($"Written to {Path.Combine(output, ResultWriter.BaseName)}.md and .json");
return 0;
