using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// host.json <c>extensions.queues</c> with the WebJobs defaults: batchSize 16, newBatchThreshold batchSize/2 x
/// processors, maxDequeueCount 5, visibilityTimeout 0, maxPollingInterval 1 min (2 s in Development),
/// messageEncoding base64. The 10-minute lease and the 100 ms minimum polling interval are fixed, as in the host.
/// </summary>
internal sealed record QueueTriggerOptions
{
    /// <summary>Visibility lease taken when a message is received, renewed while the function runs.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

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

    /// <summary>Reads <c>extensions:queues</c> of the given host section.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range or not understood.</exception>
    public static QueueTriggerOptions From(IConfiguration queues, bool development)
    {
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
        };
    }

    private static int? Int(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;

    private static TimeSpan? Time(IConfiguration section, string key) =>
        section[key] is { Length: > 0 } value ? TimeSpan.Parse(value, CultureInfo.InvariantCulture) : null;

    private static InvalidOperationException Invalid(string key, object value, string expected) =>
        new($"host.json extensions.queues.{key} is {value}; expected {expected}.");
}
