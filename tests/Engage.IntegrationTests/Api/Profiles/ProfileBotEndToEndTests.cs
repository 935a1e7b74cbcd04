using System.Text.Json;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Issue 10's end-to-end: a bot learns of a customer message through its webhook and writes what it found (the email,
/// an order number custom field, a tag) onto the author's identity group; an agent reading any thread of that customer
/// sees it, including the thread of the customer's second identity on another source once merged in.
/// </summary>
public sealed class ProfileBotEndToEndTests(WebhookFixture app) : IClassFixture<WebhookFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Fact]
    public async Task A_bot_augments_the_profile_and_an_agent_sees_it_on_every_thread_of_the_customer()
    {
        var webSource = app.Bootstrap.SourceId;
        var (_, second) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Phone channel"), P("active", "true")]);
        var phoneSource = second.GetProperty("id").GetString()!;
        var phoneSecret = second.GetProperty("secret").GetString()!;
        var (_, vip) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "Has order")]);
        var tagId = vip.GetProperty("id").GetString()!;
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Order number"), P("key", "order_number")])).Status);

        var (_, botToken, _) = await app.UserWithTokenAsync("profile-bot@example.com", "bot", "read,reply", webSource);
        var (_, agentToken, _) = await app.UserWithTokenAsync("profile-agent@example.com", "agent", "read,reply", webSource, phoneSource);
        await using var bot = await ProfileBot.StartAsync(app.Http.BaseAddress!, botToken, tagId);
        var (hooked, webhook) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", [P("url", bot.Url), P("registered_events[]", "content.imported")], botToken);
        Assert.True(hooked == 200 && webhook.GetProperty("active").GetBoolean(), webhook.ToString());

        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("p-1", "p-thread", "Hi, I am zoe@example.com, about order A-1001", authorId: "zoe-web"))).StatusCode);
        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(bot.Calls.Any(c => c.Call == "PUT identity group"))), string.Join(", ", bot.Calls));
        Assert.Equal([("GET content", 200), ("GET identity", 200), ("PUT identity group", 200)], bot.Calls.ToList());

        // The agent, from the thread alone: its contents name the author, the author names the profile.
        async Task<JsonElement> ProfileSeenFromThreadAsync(string sourceId, string foreignThreadId)
        {
            var (_, threads) = await app.GetAsync($"1.0/content_threads?limit=150&q=" + Uri.EscapeDataString("source:" + sourceId), agentToken);
            var thread = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == foreignThreadId).GetProperty("id").GetString();
            var (_, contents) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString($"thread:\"{thread}\""), agentToken);
            var (_, author) = await app.GetAsync($"1.0/identities/{contents.GetProperty("records")[0].GetProperty("author_id").GetString()}", agentToken);
            var (status, group) = await app.GetAsync($"1.0/identity_groups/{author.GetProperty("identity_group_id").GetString()}", agentToken);
            Assert.Equal(200, status);
            return group;
        }
        static void AssertAugmented(JsonElement group, string tagId)
        {
            Assert.Contains("zoe@example.com", group.GetProperty("emails").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("A-1001", group.GetProperty("custom_field_values").GetProperty("order_number").GetString());
            Assert.Equal([tagId], group.GetProperty("tag_ids").EnumerateArray().Select(t => t.GetString()!).ToList());
        }
        var seen = await ProfileSeenFromThreadAsync(webSource, "p-thread");
        AssertAugmented(seen, tagId);

        // The same customer writes on the phone channel (the bot does not watch it): a new identity, a profile of its own, until merged in.
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("p-2", "p-phone-thread", "Calling about my order", authorId: "zoe-phone"), phoneSource, phoneSecret)).StatusCode);
        var before = await ProfileSeenFromThreadAsync(phoneSource, "p-phone-thread");
        Assert.Equal(JsonValueKind.Undefined, before.GetProperty("custom_field_values").TryGetProperty("order_number", out var none) ? none.ValueKind : JsonValueKind.Undefined);
        var (_, phoneIdentities) = await app.GetAsync($"1.0/identities?foreign_id=zoe-phone&source_id={phoneSource}");
        var (merged, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{seen.GetProperty("id").GetString()}/merge",
            [P("associated_identity_id", phoneIdentities.GetProperty("records")[0].GetProperty("id").GetString()!)]);
        Assert.Equal(200, merged);
        var after = await ProfileSeenFromThreadAsync(phoneSource, "p-phone-thread");
        Assert.Equal(seen.GetProperty("id").GetString(), after.GetProperty("id").GetString());
        AssertAugmented(after, tagId);

        // Bad writes get the contract's errors.
        Assert.Equal("invalid_custom_field_value", (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{after.GetProperty("id").GetString()}", [P("custom_field_values[order_number][]", "A-1"), P("custom_field_values[order_number][]", "A-2")], botToken)).Json.GetProperty("error").GetString());
        Assert.Equal("unknown_tag", (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{after.GetProperty("id").GetString()}", [P("tag_ids[]", "5f1b2c3d4e5f6a7b8c9d0e1f")], botToken)).Json.GetProperty("error").GetString());
        Assert.Equal(404, (await app.GetAsync("1.0/identity_groups/5f1b2c3d4e5f6a7b8c9d0e1f", agentToken)).Status);
    }
}
