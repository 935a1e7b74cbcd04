using System.Globalization;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// host.json <c>extensions.queues</c> with the WebJobs defaults: batchSize 16, newBatchThreshold batchSize/2 x
/// processors, maxDequeueCount 5, visibilityTimeout 0, maxPollingInterval 1 min (2 s in Development),
/// messageEncoding base64. The 100 ms minimum polling interval is fixed, as in the host; so is the 10-minute lease,
/// except that the runner setting <see cref="LeaseSetting"/> can shorten it (fault tests: the messages of a runner
/// killed mid-work reappear in seconds rather than 10 minutes, exactly as they would in the host after 10).
/// </summary>
internal sealed record QueueTriggerOptions
{
    /// <summary>The host's visibility lease taken when a message is received, renewed while the function runs.</summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);

    /// <summary>Runner setting (not host.json) overriding <see cref="DefaultLease"/>, e.g. <c>LocalRunner__QueueLease=00:00:05</c>.</summary>
    public const string LeaseSetting = LocalFunctionsHostOptions.QueueLeaseSetting;

    /// <summary>Visibility lease taken when a message is received, renewed every half lease while the function runs.</summary>
    public TimeSpan Lease { get; init; } = DefaultLease;

    /// <summary>Shortest polling interval.</summary>
    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Messages fetched per receive call (1-32).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The next batch is fetched once at most this many messages are in flight.</summary>
    public int NewBatchThreshold { get; init; }

    /// <summary>Dequeues after which a failing message goes to the poison queue.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Delay before a failed message becomes visible again.</summary>
    public TimeSpan VisibilityTimeout { get; init; }

    /// <summary>Longest wait between polls of an empty or missing queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; }

    /// <summary>True when message text is base64 (<c>messageEncoding: base64</c>), false for <c>none</c>.</summary>
    public bool Base64 { get; init; } = true;

    /// <summary>Reads <c>extensions:queues</c> of the given host section, and the lease from <paramref name="lease"/> (null: the host's).</summary>
    /// <exception cref="InvalidOperationException">A value is out of range or not understood.</exception>
    public static QueueTriggerOptions From(IConfiguration queues, bool development, string? lease = null)
    {
        var leaseTime = lease is { Length: > 0 } ? TimeSpan.Parse(lease, CultureInfo.InvariantCulture) : DefaultLease;
        if (leaseTime < TimeSpan.FromSeconds(2)) throw new InvalidOperationException($"{LeaseSetting} is {leaseTime}; expected at least 00:00:02.");
        var batchSize = Int(queues, "batchSize") ?? 16;
        if (batchSize is < 1 or > 32) throw Invalid("batchSize", batchSize, "1 to 32");
        var maxDequeue = Int(queues, "maxDequeueCount") ?? 5;
        if (maxDequeue < 1) throw Invalid("maxDequeueCount", maxDequeue, "at least 1");
        var threshold = Int(queues, "newBatchThreshold") is { } t and >= 0 ? t : batchSize / 2 * Environment.ProcessorCount;
        var polling = Time(queues, "maxPollingInterval") ?? (development ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(1));
        if (polling < MinPollingInterval) throw Invalid("maxPollingInterval", polling, "at least 00:00:00.1");
        var encoding = queues["messageEncoding"] ?? "base64";
        var base64 = encoding.ToLowerInvariant() switch
        {
            "base64" => true,
            "none" => false,
            _ => throw Invalid("messageEncoding", encoding, "base64 or none"),
        };
        return new QueueTriggerOptions
        {
            BatchSize = batchSize,
            NewBatchThreshold = threshold,
            MaxDequeueCount = maxDequeue,
            VisibilityTimeout = Time(queues, "visibilityTimeout") ?? TimeSpan.Zero,
            MaxPollingInterval = polling,
            Base64 = base64,
            Lease = leaseTime,
        };
    }

    private static int? Int(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : null;

    private static InvalidOperationException Invalid(string key, object value, string expected) =>
        new($"host.json extensions.queues.{key} is {value}; expected {expected}.");
}
