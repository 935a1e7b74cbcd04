namespace Engage.Application.Storage.Entities;

/// <summary>
/// An agent's availability as set by <c>PUT /1.0/status/{agentId}</c> (table <c>AgentPresence</c>, PartitionKey the
/// user id, RowKey empty). An agent without this row is not connected.
/// </summary>
public sealed class AgentPresenceEntity : EntityBase
{
    /// <summary>Channel (source) id to <c>available</c> or <c>away</c>, JSON object.</summary>
    public string ChannelsJson { get; set; } = "{}";
    /// <summary>When the agent last set it (UTC).</summary>
    public DateTimeOffset SetAt { get; set; }
}
