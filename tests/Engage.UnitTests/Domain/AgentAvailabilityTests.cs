using Engage.Domain.Agents;

namespace Engage.UnitTests.Domain;

/// <summary>Busyness and connection rules of <c>GET /1.0/status</c>.</summary>
public class AgentAvailabilityTests
{
    [Theory]
    [InlineData(0, "unoccupied")]
    [InlineData(1, "ok")]
    [InlineData(AgentAvailability.SoftCapability - 1, "ok")]
    [InlineData(AgentAvailability.SoftCapability, "busy")]
    [InlineData(AgentAvailability.HardCapability - 1, "busy")]
    [InlineData(AgentAvailability.HardCapability, "full")]
    [InlineData(AgentAvailability.HardCapability + 10, "full")]
    public void Busyness_follows_the_open_interventions(int open, string expected) =>
        Assert.Equal(expected, AgentAvailability.Busyness(open));

    [Fact]
    public void Equal_capabilities_go_from_ok_to_full() =>
        Assert.Equal(["unoccupied", "ok", "full"], new[] { 0, 1, 2 }.Select(n => AgentAvailability.Busyness(n, soft: 2, hard: 2)));

    [Fact]
    public void Bad_counts_and_capabilities_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentAvailability.Busyness(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AgentAvailability.Busyness(1, soft: 4, hard: 3));
    }

    [Fact]
    public void An_agent_is_connected_until_the_timeout_after_the_last_sign_of_life()
    {
        var seen = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        Assert.True(AgentAvailability.IsConnected(seen, seen + AgentAvailability.ConnectionTimeout));
        Assert.False(AgentAvailability.IsConnected(seen, seen + AgentAvailability.ConnectionTimeout + TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("available", true)]
    [InlineData("away", true)]
    [InlineData("Available", false)]
    [InlineData("busy", false)]
    public void Only_available_and_away_are_statuses(string value, bool expected) => Assert.Equal(expected, AgentAvailability.IsStatus(value));
}
