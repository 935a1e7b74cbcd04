using System.Text;
using Engage.Domain.Webhooks;

namespace Engage.UnitTests.Domain;

/// <summary>The retry schedule, the auto-disable rule and our delivery signature.</summary>
public class WebhookDeliveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Failed_attempts_are_retried_after_the_reference_delays_then_dropped()
    {
        var delays = Enumerable.Range(1, 6).Select(n => DeliveryRules.NextDelay(n, DeliveryRules.ReferenceDelays)).ToList();
        Assert.Equal([TimeSpan.FromSeconds(32), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(17), TimeSpan.FromMinutes(52), TimeSpan.FromHours(2), null], delays);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeliveryRules.NextDelay(0, DeliveryRules.ReferenceDelays));
    }

    [Theory]
    [InlineData(8, 6, true)]   // 75 %
    [InlineData(8, 5, false)]  // 62.5 %
    [InlineData(7, 7, false)]  // below the minimum count
    [InlineData(20, 15, true)]
    public void An_endpoint_is_disabled_at_75_percent_failures_once_enough_outcomes_are_in(int total, int failed, bool expected)
    {
        var outcomes = Enumerable.Range(0, total).Select(i => (Now.AddSeconds(-i), i >= failed));
        Assert.Equal(expected, DeliveryRules.ShouldDisable(outcomes, Now, TimeSpan.FromMinutes(15), minimumCount: 8));
    }

    [Fact]
    public void Outcomes_older_than_the_window_do_not_count()
    {
        var old = Enumerable.Range(0, 10).Select(i => (Now.AddMinutes(-16), false));
        var recent = Enumerable.Range(0, 8).Select(i => (Now.AddMinutes(-1), true));
        Assert.False(DeliveryRules.ShouldDisable(old.Concat(recent), Now, TimeSpan.FromMinutes(15), 8));
    }

    [Fact]
    public void The_signature_covers_time_and_body_with_every_secret_given()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\":\"x\"}");
        var header = WebhookSignature.Header(Now.ToUnixTimeSeconds(), body, ["new", "old"]);
        Assert.StartsWith($"t={Now.ToUnixTimeSeconds()},v1=", header);
        Assert.Equal(2, header.Split(",v1=").Length - 1);
        Assert.True(WebhookSignature.Verify(header, body, "old", Now, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(header, body, "new", Now.AddMinutes(4), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(header, body, "new", Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(header, Encoding.UTF8.GetBytes("{\"id\":\"y\"}"), "new", Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("v1=abc", body, "new", Now, TimeSpan.FromMinutes(5)));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Header(1, body, []));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_of_time_dot_body()
    {
        // Known answer: HMAC-SHA256("key", "1.abc").
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("key"u8.ToArray(), "1.abc"u8.ToArray()));
        Assert.Equal(expected, WebhookSignature.Compute("key", 1, "abc"u8));
    }
}
