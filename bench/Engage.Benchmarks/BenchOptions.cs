namespace Engage.Benchmarks;

/// <summary>How the thread-list benchmark runs: the source sizes, how many requests, and where results go.</summary>
public sealed record BenchOptions
{
    /// <summary>Thread counts of the one source, measured in increasing order (the source grows between them).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [1_000, 100_000];

    /// <summary>Threads created through the Send API (<c>threads.create</c>) before seeding, to check the seeded shape.</summary>
    public int RealThreads { get; init; } = 50;

    /// <summary>Unmeasured requests before each scenario.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>Measured requests of the main scenario (sequential, then again over <see cref="Concurrency"/> workers).</summary>
    public int Requests { get; init; } = 200;

    /// <summary>Workers of the concurrent run.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Measured requests of the informational scenarios (offset, filter) and of the storage breakdown.</summary>
    public int InfoRequests { get; init; } = 20;

    /// <summary>Measured requests of the filtered scenario: each one scans the source's whole index, by design.</summary>
    public int FilteredRequests { get; init; } = 3;

    /// <summary>Seeding transactions in flight.</summary>
    public int SeedParallelism { get; init; } = 4;

    /// <summary>True for the smoke run: small sizes, few requests (results are not figures to quote).</summary>
    public bool Smoke { get; init; }

    /// <summary>Folder receiving <c>threads-list.md</c> and <c>threads-list.json</c>.</summary>
    public string OutputDirectory { get; init; } = "bench/results";

    /// <summary>The smoke run: 200 threads at most, 20 requests.</summary>
    public static BenchOptions SmokeRun(string outputDirectory) => new()
    {
        Sizes = [100, 200], RealThreads = 10, Warmup = 2, Requests = 20, Concurrency = 4, InfoRequests = 3, FilteredRequests = 2, SeedParallelism = 2, Smoke = true,
        OutputDirectory = outputDirectory,
    };
}
