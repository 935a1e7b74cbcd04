using Engage.Application.Replies;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;

namespace Engage.UnitTests.Application;

public class DiscussionRulesTests
{
    private static SourceEntity Source(bool active = true, string? endpoint = "https://bridge.example/engage", string? capabilities = "{\"objects\":{\"threads\":[\"create\",\"list\"]}}") =>
        new() { Active = active, EndpointUrl = endpoint, CapabilitiesJson = capabilities };

    [Fact]
    public void An_active_source_whose_bridge_implements_threads_create_can_start_a_discussion() =>
        Assert.Null(DiscussionRules.CannotInitiateReason(Source()));

    [Theory]
    [InlineData(false, "https://bridge.example/engage", "{\"objects\":{\"threads\":[\"create\"]}}", "not active")]
    [InlineData(true, null, "{\"objects\":{\"threads\":[\"create\"]}}", "endpoint_url")]
    [InlineData(true, "https://bridge.example/engage", null, "threads.create")]
    [InlineData(true, "https://bridge.example/engage", "{\"objects\":{\"messages\":[\"create\"],\"threads\":[\"list\"]}}", "threads.create")]
    [InlineData(true, "https://bridge.example/engage", "{\"objects\":{\"threads\":\"create\"}}", "threads.create")]
    [InlineData(true, "https://bridge.example/engage", "[\"threads\"]", "threads.create")]
    [InlineData(true, "https://bridge.example/engage", "not json", "threads.create")]
    public void Otherwise_the_reason_says_what_is_missing(bool active, string? endpoint, string? capabilities, string expected) =>
        Assert.Contains(expected, DiscussionRules.CannotInitiateReason(Source(active, endpoint, capabilities)));

    [Fact]
    public void Placeholder_foreign_ids_are_recognisable_and_differ_per_nonce()
    {
        Assert.True(ThreadKeys.IsPlaceholder(ThreadKeys.Placeholder("65a1b2c3d4e5f6a7b8c9d0e1")));
        Assert.False(ThreadKeys.IsPlaceholder("bridge-thread-1"));
        Assert.NotEqual(ThreadKeys.Partition("s", ThreadKeys.Placeholder("a")), ThreadKeys.Partition("s", ThreadKeys.Placeholder("b")));
    }
}
