using System.Text.Json.Serialization;

namespace Engage.LocalRunner.Discovery;

/// <summary>
/// One function the runner serves, as listed by <c>GET /_runner/functions</c>. <see cref="Trigger"/> uses the
/// binding type names of <c>functions.metadata</c> (<c>httpTrigger</c>, <c>queueTrigger</c>, <c>timerTrigger</c>);
/// names and schedules are shown after <c>%Setting%</c> resolution.
/// </summary>
public sealed record ServedFunction(string Name, string Trigger, string EntryPoint)
{
    /// <summary>Trigger type of HTTP functions.</summary>
    public const string HttpTrigger = "httpTrigger";

    /// <summary>Trigger type of queue functions.</summary>
    public const string QueueTrigger = "queueTrigger";

    /// <summary>Trigger type of timer functions.</summary>
    public const string TimerTrigger = "timerTrigger";

    /// <summary>HTTP: the full route template, route prefix included, without a leading slash.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Route { get; init; }

    /// <summary>HTTP: the accepted methods in upper case; null means every method.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>Queue: the queue name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Queue { get; init; }

    /// <summary>Queue: the name of the setting holding the connection string.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Connection { get; init; }

    /// <summary>Timer: the NCRONTAB expression (six fields, UTC).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Schedule { get; init; }

    /// <summary>Timer: whether it also runs once when the runner starts.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? RunOnStartup { get; init; }
}
