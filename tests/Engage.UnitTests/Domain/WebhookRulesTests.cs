using Engage.Domain.Api;
using Engage.Domain.Webhooks;

namespace Engage.UnitTests.Domain;

public class WebhookRulesTests
{
    [Theory]
    [InlineData("s")]
    [InlineData("A secret with spaces and ~!@#")]
    public void Printable_ASCII_secrets_under_256_characters_are_kept(string secret) => Assert.Equal(secret, WebhookRules.Secret(secret));

    [Fact]
    public void A_255_character_secret_is_the_longest() => Assert.Equal(255, WebhookRules.Secret(new string('a', 255)).Length);

    [Theory]
    [InlineData("café")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    [InlineData(" padded")]
    [InlineData("padded ")]
    public void Secrets_that_cannot_travel_verbatim_in_a_header_are_422(string secret)
    {
        var error = Assert.Throws<EngageException>(() => WebhookRules.Secret(secret));
        Assert.Equal((422, "invalid_parameter"), (error.Status, error.Error));
    }

    [Fact]
    public void A_256_character_secret_is_422() => Assert.Throws<EngageException>(() => WebhookRules.Secret(new string('a', 256)));

    [Fact]
    public void Registered_events_need_one_known_type_and_lose_duplicates()
    {
        Assert.Equal(["content.imported", "identity.merged"], WebhookRules.RegisteredEvents(["content.imported", "identity.merged", "content.imported"]));
        Assert.Equal("missing_parameter", Assert.Throws<EngageException>(() => WebhookRules.RegisteredEvents([])).Error);
        var unknown = Assert.Throws<EngageException>(() => WebhookRules.RegisteredEvents(["content.imported", "Content.Imported", "task.created"]));
        Assert.Equal((422, "invalid_parameter"), (unknown.Status, unknown.Error));
        Assert.Contains("Content.Imported, task.created", unknown.Message);
    }

    [Fact]
    public void Every_type_of_PROTOCOL_md_is_known() =>
        Assert.All(
            ["content.thread_closed", "content.thread_opened", "intervention.custom_fields_updated", "intervention.reactivated", "content.exported"],
            type => Assert.True(WebhookEventTypes.IsKnown(type)));

    [Theory]
    [InlineData("http://example.com/hook", true)]
    [InlineData("https://example.com:8443/hook?x=1", true)]
    [InlineData("ftp://example.com/hook", false)]
    [InlineData("/relative", false)]
    [InlineData("not a url", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("http://user:pass@example.com/hook", false)]
    [InlineData("http://example.com/hook#second", false)]
    public void Urls_must_be_absolute_http_or_https(string url, bool valid)
    {
        if (valid) Assert.Equal(url, WebhookRules.Url(url).OriginalString);
        else Assert.Equal(422, Assert.Throws<EngageException>(() => WebhookRules.Url(url)).Status);
    }

    [Fact]
    public void A_url_over_2048_characters_is_422() =>
        Assert.Throws<EngageException>(() => WebhookRules.Url("https://example.com/" + new string('a', 2048)));

    [Fact]
    public void The_source_filter_includes_all_except_or_none_except_its_sources()
    {
        var allExcept = new WebhookSourceFilter(WebhookSourceFilter.AllExcept, ["s1"]);
        Assert.False(allExcept.Includes("s1"));
        Assert.True(allExcept.Includes("s2"));
        Assert.True(allExcept.Includes(null));
        Assert.True(WebhookSourceFilter.Everything.Includes("any"));
        var noneExcept = new WebhookSourceFilter(WebhookSourceFilter.NoneExcept, ["s1"]);
        Assert.True(noneExcept.Includes("s1"));
        Assert.False(noneExcept.Includes("s2"));
        Assert.False(noneExcept.Includes(null));
        Assert.Equal(WebhookSourceFilter.AllExcept, WebhookRules.SourceFilterMode(null));
        Assert.Equal(422, Assert.Throws<EngageException>(() => WebhookRules.SourceFilterMode("everything")).Status);
    }

    [Theory]
    [InlineData("content.thread_recategorized")]
    [InlineData("content.thread_handed_over")]
    public void Thread_events_we_record_can_be_registered(string type) =>
        Assert.Equal([type], WebhookRules.RegisteredEvents([type]));
}
