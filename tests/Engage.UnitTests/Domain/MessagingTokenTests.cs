using System.Text;
using Engage.Domain.Api;
using Engage.Domain.Messaging;

namespace Engage.UnitTests.Domain;

public class MessagingTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Key = VisitorToken.DeriveKey("source-secret-0123456789");
    private const string Source = "0123456789abcdef01234567";

    [Fact]
    public void A_token_carries_source_visitor_and_expiry()
    {
        var token = VisitorToken.Issue(Key, Source, "visitor1", Now.AddHours(1));
        var claims = VisitorToken.Validate(Key, token, Source, Now);
        Assert.Equal(new VisitorClaims(Source, "visitor1", Now.AddHours(1)), claims);
    }

    [Fact]
    public void Every_issue_is_a_different_token()
    {
        Assert.NotEqual(VisitorToken.Issue(Key, Source, "v", Now.AddHours(1)), VisitorToken.Issue(Key, Source, "v", Now.AddHours(1)));
    }

    [Fact]
    public void The_key_is_derived_and_depends_on_the_secret()
    {
        Assert.Equal(32, Key.Length);
        Assert.NotEqual(Key, VisitorToken.DeriveKey("another-secret-0123456789"));
        Assert.NotEqual(Encoding.UTF8.GetBytes("source-secret-0123456789"), Key);
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = VisitorToken.Issue(Key, Source, "v", Now.AddSeconds(-1));
        Assert.Equal("visitor_token_expired", Refusal(() => VisitorToken.Validate(Key, token, Source, Now)));
    }

    [Fact]
    public void A_token_of_another_source_says_so()
    {
        var token = VisitorToken.Issue(Key, "ffffffffffffffffffffffff", "v", Now.AddHours(1));
        Assert.Equal("visitor_token_wrong_source", Refusal(() => VisitorToken.Validate(Key, token, Source, Now)));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_forged()
    {
        var token = VisitorToken.Issue(VisitorToken.DeriveKey("rotated-secret-0123456789"), Source, "v", Now.AddHours(1));
        Assert.Equal("invalid_visitor_token", Refusal(() => VisitorToken.Validate(Key, token, Source, Now)));
    }

    [Fact]
    public void A_changed_payload_is_forged()
    {
        var token = VisitorToken.Issue(Key, Source, "v", Now.AddHours(1));
        var mac = token[(token.IndexOf('.') + 1)..];
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"v1|{Source}|someone-else|{Now.AddHours(1).ToUnixTimeSeconds()}|abc")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal("invalid_visitor_token", Refusal(() => VisitorToken.Validate(Key, payload + "." + mac, Source, Now)));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData(".")]
    [InlineData("a.b")]
    [InlineData("!!!.???")]
    [InlineData("djE.AAAA")]
    public void Malformed_tokens_are_refused(string token)
    {
        Assert.Equal("invalid_visitor_token", Refusal(() => VisitorToken.Validate(Key, token, Source, Now)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_token_is_refused(string? token)
    {
        Assert.Equal("missing_visitor_token", Refusal(() => VisitorToken.Validate(Key, token, Source, Now)));
    }

    private static string Refusal(Action action)
    {
        var e = Assert.Throws<EngageException>(action);
        Assert.Equal(401, e.Status);
        return e.Error;
    }
}

public class MessagingSettingsTests
{
    private static ApiParameters P(params (string Name, string Value)[] values)
    {
        var p = new ApiParameters();
        foreach (var (name, value) in values) p.Add(name, value);
        return p;
    }

    [Fact]
    public void Parameters_change_only_what_they_name()
    {
        var settings = MessagingSettings.Default.With(P(("messaging_mode", "live_chat"), ("welcome_message", "Hi!"), ("allowed_origins[]", "https://Shop.Example/"), ("allowed_origins[]", "http://localhost:8080")));
        Assert.Equal(new[] { "https://shop.example", "http://localhost:8080" }, settings.AllowedOrigins);
        Assert.Equal(("live_chat", "Hi!"), (settings.Mode, settings.WelcomeMessage));
        Assert.Equal(MessagingSettings.Default.AttachmentMaxBytes, settings.AttachmentMaxBytes);
        var again = settings.With(P(("attachment_max_count", "2")));
        Assert.Equal(settings with { AttachmentMaxCount = 2 }, again);
    }

    [Theory]
    [InlineData("messaging_mode", "mobile")]
    [InlineData("allowed_origins[]", "https://shop.example/path")]
    [InlineData("allowed_origins[]", "ftp://shop.example")]
    [InlineData("allowed_origins[]", "shop.example")]
    [InlineData("attachment_max_bytes", "-1")]
    [InlineData("attachment_max_bytes", "99999999999")]
    [InlineData("attachment_max_count", "11")]
    [InlineData("attachment_max_count", "many")]
    public void Bad_values_are_refused(string name, string value)
    {
        var e = Assert.Throws<EngageException>(() => MessagingSettings.Default.With(P((name, value))));
        Assert.Equal((422, "invalid_parameter"), (e.Status, e.Error));
    }

    [Fact]
    public void Origins_are_matched_exactly_and_no_origin_is_not_a_browser_call()
    {
        var settings = MessagingSettings.Default.With(P(("allowed_origins[]", "https://shop.example")));
        Assert.True(settings.AllowsOrigin("https://shop.example"));
        Assert.True(settings.AllowsOrigin("https://SHOP.example/"));
        Assert.False(settings.AllowsOrigin("https://shop.example.evil"));
        Assert.False(settings.AllowsOrigin("http://shop.example"));
        Assert.True(settings.AllowsOrigin(null));
        Assert.False(MessagingSettings.Default.AllowsOrigin("https://shop.example"));
        Assert.True(MessagingSettings.Default.With(P(("allowed_origins[]", "*"))).AllowsOrigin("https://any.example"));
    }

    [Fact]
    public void Live_chat_ends_when_ended_or_idle_a_day_and_messaging_never()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.False(MessagingRules.NeedsNewThread("live_chat", false, now.AddHours(-23), now));
        Assert.True(MessagingRules.NeedsNewThread("live_chat", false, now.AddHours(-24), now));
        Assert.True(MessagingRules.NeedsNewThread("live_chat", true, now, now));
        Assert.False(MessagingRules.NeedsNewThread("messaging", true, now.AddDays(-30), now));
        Assert.Equal("visitor:v", MessagingRules.ForeignThreadId("v", 1));
        Assert.Equal("visitor:v:2", MessagingRules.ForeignThreadId("v", 2));
    }

    [Fact]
    public void Waits_are_clamped_under_the_host_timeout()
    {
        Assert.Equal(TimeSpan.Zero, MessagingRules.Wait(null));
        Assert.Equal(TimeSpan.Zero, MessagingRules.Wait(-3));
        Assert.Equal(TimeSpan.FromSeconds(5), MessagingRules.Wait(5));
        Assert.Equal(TimeSpan.FromSeconds(25), MessagingRules.Wait(600));
    }
}
