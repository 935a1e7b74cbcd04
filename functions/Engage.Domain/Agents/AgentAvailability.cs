namespace Engage.Domain.Agents;

/// <summary>
/// The words and rules of <c>GET /1.0/status</c> (openapi.yaml, <c>AgentStatusChannel</c>; PROTOCOL.md, "Core
/// objects"): a channel is <c>available</c> or <c>away</c> for an agent, and its busyness comes from the agent's
/// open interventions on it against the channel's soft and hard capability.
/// </summary>
public static class AgentAvailability
{
    /// <summary>The agent takes new work on the channel.</summary>
    public const string Available = "available";
    /// <summary>The agent does not take new work on the channel.</summary>
    public const string Away = "away";

    /// <summary>Open interventions at which an agent counts as busy on a channel.</summary>
    public const int SoftCapability = 3;
    /// <summary>Open interventions at which an agent counts as full on a channel.</summary>
    public const int HardCapability = 5;

    /// <summary>How long after an agent's last sign of life (a status update or an API call) they count as connected.</summary>
    public static readonly TimeSpan ConnectionTimeout = TimeSpan.FromMinutes(15);

    /// <summary>True for <c>available</c> and <c>away</c>.</summary>
    public static bool IsStatus(string value) => value is Available or Away;

    /// <summary>
    /// <c>unoccupied</c> with no open intervention, <c>ok</c> below <paramref name="soft"/>, <c>busy</c> below
    /// <paramref name="hard"/>, else <c>full</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count, or capabilities out of order.</exception>
    public static string Busyness(int openInterventions, int soft = SoftCapability, int hard = HardCapability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(openInterventions);
        if (soft < 1 || hard < soft) throw new ArgumentOutOfRangeException(nameof(hard), "Capabilities must satisfy 1 <= soft <= hard.");
        if (openInterventions == 0) return "unoccupied";
        if (openInterventions < soft) return "ok";
        return openInterventions < hard ? "busy" : "full";
    }

    /// <summary>True when the last sign of life is within <see cref="ConnectionTimeout"/> of <paramref name="now"/>.</summary>
    public static bool IsConnected(DateTimeOffset lastSeen, DateTimeOffset now) => now - lastSeen <= ConnectionTimeout;
}
