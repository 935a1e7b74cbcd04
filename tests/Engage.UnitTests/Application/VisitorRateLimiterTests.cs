using Engage.Application.Messaging;
using Engage.Domain.Api;
using Engage.Domain.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace Engage.UnitTests.Application;

public class VisitorRateLimiterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 10, TimeSpan.Zero));

    [Fact]
    public void A_visitor_gets_its_messages_per_minute_then_429_until_the_next_minute()
    {
        var limiter = new VisitorRateLimiter(_time);
        for (var i = 0; i < MessagingRules.MessagesPerVisitor; i++) limiter.CountMessage("s", "v1");
        var refused = Assert.Throws<EngageException>(() => limiter.CountMessage("s", "v1"));
        Assert.Equal((429, "rate_limit_exceeded"), (refused.Status, refused.Error));
        Assert.Contains("retry in 50 s", refused.Message);
        limiter.CountMessage("s", "v2"); // another visitor is not affected
        limiter.CountMessage("other", "v1"); // nor the same visitor id on another source
        _time.Advance(TimeSpan.FromSeconds(50));
        limiter.CountMessage("s", "v1");
    }

    [Fact]
    public void An_address_gets_its_requests_per_minute()
    {
        var limiter = new VisitorRateLimiter(_time);
        for (var i = 0; i < MessagingRules.RequestsPerIp; i++) limiter.CountRequest("203.0.113.7");
        Assert.Equal(429, Assert.Throws<EngageException>(() => limiter.CountRequest("203.0.113.7")).Status);
        limiter.CountRequest("203.0.113.8");
    }
}
