using Engage.Application.Storage.Entities;
using Engage.Application.Threads;

namespace Engage.UnitTests.Application;

public class AliasRulesTests
{
    private static readonly DateTimeOffset Initiated = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static ThreadEntity Head(string id, DateTimeOffset createdAt, int interventions = 0) =>
        new() { Id = id, CreatedAt = createdAt, InterventionsCount = interventions };

    private static ThreadEntity Alias(string id) => new() { Id = id, AliasPartitionKey = "p", AliasRowKey = "h|s|engage:x" };

    [Fact]
    public void An_alias_to_our_thread_is_a_repeat() =>
        Assert.Equal(AliasConflict.AlreadyLinked, AliasRules.Decide(Alias("ours"), "ours", Initiated));

    [Fact]
    public void An_alias_to_another_thread_is_left_alone() =>
        Assert.Equal(AliasConflict.LinkedElsewhere, AliasRules.Decide(Alias("other"), "ours", Initiated));

    [Fact]
    public void A_thread_created_by_a_push_since_we_started_is_adopted()
    {
        Assert.Equal(AliasConflict.Adopt, AliasRules.Decide(Head("racing", Initiated.AddMilliseconds(300)), "ours", Initiated));
        Assert.Equal(AliasConflict.Adopt, AliasRules.Decide(Head("racing", Initiated - AliasRules.Tolerance), "ours", Initiated));
    }

    [Fact]
    public void An_older_thread_or_one_with_interventions_is_never_merged()
    {
        Assert.Equal(AliasConflict.Established, AliasRules.Decide(Head("old", Initiated - AliasRules.Tolerance - TimeSpan.FromSeconds(1)), "ours", Initiated));
        Assert.Equal(AliasConflict.Established, AliasRules.Decide(Head("worked", Initiated.AddSeconds(1), interventions: 1), "ours", Initiated));
    }
}
