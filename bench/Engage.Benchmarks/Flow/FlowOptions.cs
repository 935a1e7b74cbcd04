namespace Engage.Benchmarks.Flow;

/// <summary>How the message-flow benchmark (ingest, raw rate, end to end, operation counts) runs.</summary>
public sealed record FlowOptions
{
    /// <summary>Concurrent senders of each ingest level (the raw rate is measured at each too).</summary>
    public IReadOnlyList<int> Senders { get; init; } = [1, 8, 32];

    /// <summary>Messages each sender pushes per level.</summary>
    public int MessagesPerSender { get; init; } = 40;

    /// <summary>Messages per level at least (the 1-sender level would otherwise be too short to time).</summary>
    public int MinimumMessagesPerLevel { get; init; } = 300;

    /// <summary>Threads created (with one author each) before the levels: the existing threads of the mix.</summary>
    public int Threads { get; init; } = 256;

    /// <summary>Unmeasured pushes of known authors into existing threads before each level.</summary>
    public int Warmup { get; init; } = 20;

    /// <summary>Customer message to bot reply round trips of the end-to-end part.</summary>
    public int RoundTrips { get; init; } = 100;

    /// <summary>Longest random pause between two round trips (customers do not write back to back).</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Round trips repeated on a second app whose queue listeners never back off past the 100 ms polling floor
    /// (<c>maxPollingInterval</c> 100 ms instead of host.json's 2 s), to show what polling adds; 0 skips it.
    /// </summary>
    public int FloorPollingRoundTrips { get; init; } = 50;

    /// <summary>List calls whose operations are counted.</summary>
    public int ListCalls { get; init; } = 5;

    /// <summary>True for the smoke run: tiny numbers, results are not figures to quote.</summary>
    public bool Smoke { get; init; }

    /// <summary>Folder receiving <c>flow.md</c> and <c>flow.json</c>.</summary>
    public string OutputDirectory { get; init; } = "bench/results";

    /// <summary>The smoke run: 1 and 2 senders, a few pushes, a few round trips.</summary>
    public static FlowOptions SmokeRun(string outputDirectory) => new()
    {
        Senders = [1, 2], MessagesPerSender = 4, MinimumMessagesPerLevel = 6, Threads = 8, Warmup = 2, RoundTrips = 3, FloorPollingRoundTrips = 0,
        MaxPause = TimeSpan.FromMilliseconds(100), ListCalls = 2, Smoke = true, OutputDirectory = outputDirectory,
    };

    /// <summary>Messages pushed at <paramref name="senders"/> concurrent senders.</summary>
    public int MessagesAt(int senders) => Math.Max(MinimumMessagesPerLevel, senders * MessagesPerSender) / senders * senders;
}
