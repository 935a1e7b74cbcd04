using System.Diagnostics;

namespace Engage.Benchmarks;

/// <summary>Latency figures of one scenario, in milliseconds.</summary>
public sealed record LatencyStats(string Scenario, int Requests, int Concurrency, double P50, double P95, double P99, double Mean, double Max)
{
    /// <summary>Figures of <paramref name="samples"/> (milliseconds, any order); percentiles by nearest rank.</summary>
    public static LatencyStats Of(string scenario, int concurrency, IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(scenario, sorted.Length, concurrency, Round(Rank(0.50)), Round(Rank(0.95)), Round(Rank(0.99)), Round(sorted.Average()), Round(sorted[^1]));
    }

    private static double Round(double ms) => Math.Round(ms, 2);
}

/// <summary>Times one operation: a few unmeasured warm-up calls, then measured calls, one at a time or from several workers at once.</summary>
public static class LatencyProbe
{
    /// <summary>
    /// Runs <paramref name="operation"/> <paramref name="warmup"/> times unmeasured, then <paramref name="requests"/>
    /// times split over <paramref name="concurrency"/> workers, each timing its own calls.
    /// </summary>
    public static async Task<LatencyStats> MeasureAsync(string scenario, Func<Task> operation, int warmup, int requests, int concurrency = 1)
    {
        for (var i = 0; i < warmup; i++) await operation();
        var samples = new System.Collections.Concurrent.ConcurrentBag<double>();
        var perWorker = Math.Max(1, requests / concurrency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return LatencyStats.Of(scenario, concurrency, samples);
    }

    /// <summary>A GET through <paramref name="http"/> that reads the whole answer and throws unless it is 200.</summary>
    public static Func<Task> Get(HttpClient http, string path) => async () =>
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}.");
    };
}
