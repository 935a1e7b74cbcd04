using Engage.Domain.Api;
using Engage.Domain.Limits;

namespace Engage.UnitTests.Domain;

public class IdempotencyRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static ApiParameters P(params (string Name, string Value)[] values)
    {
        var p = new ApiParameters();
        foreach (var (name, value) in values) p.Add(name, value);
        return p;
    }

    [Fact]
    public void The_fingerprint_ignores_parameter_order_and_the_token_but_not_values_method_or_path()
    {
        var a = IdempotencyRules.Fingerprint("POST", "/1.0/contents", P(("body", "hi"), ("in_reply_to_id", "c1"), ("access_token", "t1")));
        Assert.Equal(a, IdempotencyRules.Fingerprint("post", "/1.0/contents", P(("in_reply_to_id", "c1"), ("body", "hi"), ("access_token", "t2"))));
        Assert.Equal(a, IdempotencyRules.Fingerprint("POST", "/1.0/contents", P(("in_reply_to_id", "c1"), ("body", "hi"))));
        Assert.NotEqual(a, IdempotencyRules.Fingerprint("POST", "/1.0/contents", P(("body", "hi!"), ("in_reply_to_id", "c1"))));
        Assert.NotEqual(a, IdempotencyRules.Fingerprint("POST", "/1.0/interventions", P(("body", "hi"), ("in_reply_to_id", "c1"))));
        Assert.NotEqual(a, IdempotencyRules.Fingerprint("PUT", "/1.0/contents", P(("body", "hi"), ("in_reply_to_id", "c1"))));
        // Length prefixes: moving characters between a name and its value changes the fingerprint.
        Assert.NotEqual(IdempotencyRules.Fingerprint("POST", "/x", P(("ab", "c"))), IdempotencyRules.Fingerprint("POST", "/x", P(("a", "bc"))));
        // Array order is meaningful.
        Assert.NotEqual(IdempotencyRules.Fingerprint("POST", "/x", P(("to[]", "a"), ("to[]", "b"))), IdempotencyRules.Fingerprint("POST", "/x", P(("to[]", "b"), ("to[]", "a"))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("é")]
    public void Keys_that_are_empty_or_not_printable_ascii_are_422(string key)
    {
        var e = Assert.Throws<EngageException>(() => IdempotencyRules.Validate(key));
        Assert.Equal((422, "invalid_idempotency_key"), (e.Status, e.Error));
    }

    [Fact]
    public void Keys_longer_than_255_are_422_and_255_is_accepted()
    {
        Assert.Equal(new string('k', 255), IdempotencyRules.Validate(new string('k', 255)));
        Assert.Equal(422, Assert.Throws<EngageException>(() => IdempotencyRules.Validate(new string('k', 256))).Status);
    }

    [Fact]
    public void A_repeat_replays_refuses_waits_or_takes_over_as_the_record_says()
    {
        var done = new IdempotencyRecord("f", Done: true, At);
        var running = new IdempotencyRecord("f", Done: false, At);
        Assert.Equal(IdempotencyOutcome.Replay, IdempotencyRules.Decide(done, "f", At.AddHours(23)));
        Assert.Equal(IdempotencyOutcome.Reused, IdempotencyRules.Decide(done, "g", At.AddHours(23)));
        Assert.Equal(IdempotencyOutcome.InProgress, IdempotencyRules.Decide(running, "f", At.AddMinutes(4)));
        Assert.Equal(IdempotencyOutcome.Reused, IdempotencyRules.Decide(running, "g", At.AddMinutes(4)));
        // The first request died mid-way: after the lease a retry acts.
        Assert.Equal(IdempotencyOutcome.TakeOver, IdempotencyRules.Decide(running, "f", At + IdempotencyRules.Lease));
        // After 24 hours the key is free, whatever the request.
        Assert.Equal(IdempotencyOutcome.TakeOver, IdempotencyRules.Decide(done, "f", At.AddHours(24)));
        Assert.Equal(IdempotencyOutcome.TakeOver, IdempotencyRules.Decide(done, "g", At.AddHours(24)));
    }
}
