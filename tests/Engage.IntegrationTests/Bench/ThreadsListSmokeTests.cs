using System.Text.Json;
using Engage.Benchmarks;

namespace Engage.IntegrationTests.Bench;

/// <summary>
/// The benchmark's smoke mode end to end (its own Azurite and runner, Send API threads, seeding, one measured round):
/// asserts what the benchmark found about correctness and that it wrote its results. Never asserts a timing.
/// </summary>
public class ThreadsListSmokeTests
{
    [Fact]
    public async Task Smoke_run_seeds_rows_like_the_app_lists_them_newest_first_and_writes_both_results_files()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"engage-bench-{Guid.NewGuid():N}");
        try
        {
            var options = BenchOptions.SmokeRun(directory);
            var result = await ThreadsListBenchmark.RunAsync(options, TextWriter.Null);

            Assert.Empty(result.ShapeDifferences);
            Assert.Equal(8, result.ShapeRowsCompared);
            Assert.Equal(options.Sizes, result.Sizes.Select(s => s.Threads));
            Assert.All(result.Sizes, size =>
            {
                Assert.Equal(size.Threads, size.Checks.Count);
                Assert.Equal(30, size.Checks.FirstPageRecords);
                Assert.True(size.Checks.FirstPageNewestFirst);
                Assert.True(size.Checks.FirstPageAsExpected);
                Assert.True(size.Checks.OffsetPageAsExpected);
                Assert.Equal(0, size.Checks.ClosedCount);
                Assert.Equal(options.Requests, size.List.Requests);
                // The breakdown times each storage call one list request makes.
                Assert.Equal(["index range query, 31 per page (as served)", "~count point read", "30 head point reads in parallel"], size.Storage.Select(s => s.Scenario));
            });

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "threads-list.json")));
            Assert.Equal(2, json.RootElement.GetProperty("sizes").GetArrayLength());
            Assert.True(json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
            var markdown = await File.ReadAllTextAsync(Path.Combine(directory, "threads-list.md"));
            Assert.Contains("GET /1.0/content_threads?limit=30", markdown);
            Assert.Contains("| 200 | `limit=30` | 20 |", markdown);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
