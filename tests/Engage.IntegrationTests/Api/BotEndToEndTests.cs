using System.Net;
using System.Text;
using Engage.Domain.Channel;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Issue 5's end-to-end: a bot learns of a customer message only through its webhook, answers through the REST API,
/// and its reply reaches the source's bridge, signed.
/// </summary>
public class BotEndToEndTests(WebhookFixture app) : IClassFixture<WebhookFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Fact]
    public async Task A_bot_on_a_webhook_engages_replies_and_completes_and_the_reply_reaches_the_bridge()
    {
        await using var bridge = await TestBridge.StartAsync();
        var (_, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Bot e2e bridge"), P("endpoint_url", bridge.Url)]);
        var sourceId = source.GetProperty("id").GetString()!;
        bridge.Secret = source.GetProperty("secret").GetString()!;
        bridge.Respond = body => body.Contains("\"messages.create\"") ? (200, "{\"id\":\"bridge-reply-1\"}", true) : (200, "{}", true);
        Assert.True((await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")])).Json.GetProperty("active").GetBoolean());

        var (_, botToken, _) = await app.UserWithTokenAsync("echo-bot@example.com", "bot", "read,reply", sourceId);

        await using var bot = await SampleBot.StartAsync(app.Http.BaseAddress!, botToken);
        var (hooked, webhook) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks",
            [P("url", bot.Url), P("registered_events[]", "content.imported"), P("registered_events[]", "intervention.opened"),
             P("registered_events[]", "content.replied"), P("registered_events[]", "intervention.closed")], botToken);
        Assert.True(hooked == 200 && webhook.GetProperty("active").GetBoolean(), webhook.ToString());

        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("e2e-1", "e2e-thread", "Where is my parcel?"), sourceId, bridge.Secret)).StatusCode);

        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(bot.EventsSeen.Contains("intervention.closed") && bot.EventsSeen.Contains("content.replied")), TimeSpan.FromSeconds(30)),
            $"events seen: {string.Join(", ", bot.EventsSeen)}; calls: {string.Join(", ", bot.Calls)}");
        Assert.Equal([("GET content", 200), ("engage", 200), ("reply", 200), ("complete", 200)], bot.Calls.ToList());
        Assert.Equal(["content.imported", "content.replied", "intervention.closed", "intervention.opened"], bot.EventsSeen.Order().ToList());
        Assert.Equal("content.imported", bot.EventsSeen.First());

        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(bridge.Received.Any(r => r.Body.Contains("messages.create")))));
        var post = bridge.Received.Single(r => r.Body.Contains("messages.create"));
        Assert.Contains("Echo: Where is my parcel?", post.Body);
        Assert.True(ChannelSignature.Verify(bridge.Secret, Encoding.UTF8.GetBytes(post.Body), post.Signature));
    }
}
