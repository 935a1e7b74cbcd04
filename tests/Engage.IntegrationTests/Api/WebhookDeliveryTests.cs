using System.Net;
using System.Text;
using System.Text.Json;
using Engage.Application.Webhooks;
using Engage.Domain.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Webhook delivery (issue 5): signed at-least-once delivery with stable event ids, retries, exactly one delivery per
/// event per webhook under a burst, auto-disable and re-enable, replay, and per-source permissions.
/// </summary>
public class WebhookDeliveryTests(WebhookFixture app) : IClassFixture<WebhookFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string SourceId, string Secret)> SourceAsync(string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private async Task<string> WebhookAsync(TestWebhookEndpoint endpoint, string sourceId, string? secret = "hook-secret", string? token = null, string events = "content.imported")
    {
        List<KeyValuePair<string, string>> form = [P("url", endpoint.Url), P("source_filter", "none_except"), P("source_ids[]", sourceId)];
        form.AddRange(events.Split(',').Select(e => P("registered_events[]", e)));
        if (secret is not null) form.Add(P("secret", secret));
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", form, token);
        Assert.True(status == 200 && created.GetProperty("active").GetBoolean(), created.ToString());
        return created.GetProperty("id").GetString()!;
    }

    private async Task PushAsync(string sourceId, string secret, string id, string thread = "hook-thread") =>
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(id, thread, "Hi " + id), sourceId, secret)).StatusCode);

    private static async Task<bool> EventuallyAsync(Func<bool> condition, int seconds = 20) =>
        await EngageFixture.EventuallyAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task A_customer_message_reaches_the_webhook_signed_with_the_secret_and_is_logged()
    {
        var (sourceId, secret) = await SourceAsync("Hook source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var webhookId = await WebhookAsync(endpoint, sourceId);
        await PushAsync(sourceId, secret, "hook-1");

        Assert.True(await EventuallyAsync(() => !endpoint.Posts.IsEmpty), "no delivery arrived");
        var post = endpoint.Posts.Single();
        Assert.Equal("hook-secret", post.Secret);
        Assert.True(WebhookSignature.Verify(post.Signature!, Encoding.UTF8.GetBytes(post.Body), "hook-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(post.Signature!, Encoding.UTF8.GetBytes(post.Body + " "), "hook-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(post.DeliveryId, body.RootElement.GetProperty("id").GetString());
        var e = body.RootElement.GetProperty("events")[0];
        Assert.Equal("content.imported", e.GetProperty("type").GetString());
        Assert.Matches(@"\.\d{3}Z$", e.GetProperty("issued_at").GetString());
        Assert.Equal("Hi hook-1", e.GetProperty("resource").GetProperty("metadata").GetProperty("body").GetString());
        var (_, logged) = await app.GetAsync($"1.0/events/{e.GetProperty("id").GetString()}");
        Assert.Equal("content.imported", logged.GetProperty("name").GetString());

        JsonElement attempts = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () => (attempts = (await app.GetAsync($"1.0/webhooks/{webhookId}/deliveries")).Json).GetProperty("count").GetInt32() == 1));
        var attempt = attempts.GetProperty("records")[0];
        Assert.Equal((200, true, 1), (attempt.GetProperty("status_code").GetInt32(), attempt.GetProperty("ok").GetBoolean(), attempt.GetProperty("attempt").GetInt32()));
        Assert.True(attempt.GetProperty("latency_ms").GetInt64() >= 0);
    }

    [Fact]
    public async Task An_endpoint_answering_500_twice_gets_the_same_event_on_the_third_attempt()
    {
        var (sourceId, secret) = await SourceAsync("Flaky hook source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.RespondPost = post => post.Attempt <= 2 ? 500 : 200;
        var webhookId = await WebhookAsync(endpoint, sourceId);
        await PushAsync(sourceId, secret, "flaky-1");

        Assert.True(await EventuallyAsync(() => endpoint.Posts.Count >= 3), $"{endpoint.Posts.Count} attempts arrived");
        await Task.Delay(1500); // a fourth attempt would come within a retry delay
        var posts = endpoint.Posts.ToList();
        Assert.Equal([1, 2, 3], posts.Select(p => p.Attempt));
        Assert.Single(posts.Select(p => p.EventIds.Single()).Distinct());
        Assert.Single(posts.Select(p => p.DeliveryId).Distinct());
        var (_, log) = await app.GetAsync($"1.0/webhooks/{webhookId}/deliveries");
        Assert.Equal([200, 500, 500], log.GetProperty("records").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));
    }

    [Fact]
    public async Task Twenty_messages_in_a_second_give_twenty_events_each_delivered_once_per_webhook()
    {
        var (sourceId, secret) = await SourceAsync("Burst hook source");
        await using var first = await TestWebhookEndpoint.StartAsync();
        await using var second = await TestWebhookEndpoint.StartAsync();
        await WebhookAsync(first, sourceId);
        await WebhookAsync(second, sourceId, secret: null);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PushAsync(sourceId, secret, $"burst-{i}", "burst-thread")));

        foreach (var endpoint in new[] { first, second })
        {
            Assert.True(await EventuallyAsync(() => endpoint.Posts.Count >= 20, 40), $"{endpoint.Posts.Count} deliveries arrived");
        }
        await Task.Delay(2000); // late duplicates would arrive meanwhile
        foreach (var endpoint in new[] { first, second })
        {
            var ids = endpoint.Posts.SelectMany(p => p.EventIds).ToList();
            Assert.Equal(20, ids.Count);
            Assert.Equal(20, ids.Distinct().Count());
        }
        Assert.Equal(first.Posts.SelectMany(p => p.EventIds).Order(), second.Posts.SelectMany(p => p.EventIds).Order());
        Assert.All(second.Posts, p => Assert.Null(p.Secret));
    }

    [Fact]
    public async Task A_slow_endpoint_does_not_hold_back_another_endpoints_deliveries()
    {
        var (sourceId, secret) = await SourceAsync("Slow hook source");
        await using var slow = await TestWebhookEndpoint.StartAsync();
        await using var quick = await TestWebhookEndpoint.StartAsync();
        var release = new TaskCompletionSource();
        slow.HoldPosts = release.Task;
        await WebhookAsync(slow, sourceId);
        await WebhookAsync(quick, sourceId);
        await PushAsync(sourceId, secret, "slow-1");

        // The slow endpoint answers only once the quick one has its delivery: serialised delivery would never get there.
        var quickArrived = await EventuallyAsync(() => !quick.Posts.IsEmpty && !slow.Posts.IsEmpty);
        release.SetResult();
        Assert.True(quickArrived, "the quick endpoint waited for the slow one");
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_is_disabled_and_re_enabled_with_its_backlog_after_it_recovers()
    {
        var (sourceId, secret) = await SourceAsync("Dead hook source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var healthy = false;
        endpoint.RespondPost = _ => healthy ? 200 : 503;
        var webhookId = await WebhookAsync(endpoint, sourceId);
        await PushAsync(sourceId, secret, "dead-1");
        await PushAsync(sourceId, secret, "dead-2");

        JsonElement webhook = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (webhook = (await app.GetAsync($"1.0/webhooks/{webhookId}")).Json).GetProperty("delivery").GetProperty("state").GetString() == "disabled", TimeSpan.FromSeconds(20)));
        Assert.Contains("failed", webhook.GetProperty("delivery").GetProperty("disabled_reason").GetString());
        Assert.True(webhook.GetProperty("delivery").GetProperty("recent_failures").GetInt32() >= WebhookFixture.FailureMinimum);

        // While disabled nothing is posted; deliveries wait.
        await Task.Delay(2500);
        var postsWhileDisabled = endpoint.Posts.Count;
        await PushAsync(sourceId, secret, "dead-3");
        await Task.Delay(2500);
        Assert.Equal(postsWhileDisabled, endpoint.Posts.Count);

        // A probe while the endpoint still fails its deliveries (its handshake would pass) keeps it disabled.
        var prober = app.Host.Services.GetRequiredService<WebhookProber>();
        Assert.False(await prober.ProbeAsync(webhookId, CancellationToken.None));
        Assert.Equal(postsWhileDisabled + 1, endpoint.Posts.Count);
        Assert.Equal("disabled", (await app.GetAsync($"1.0/webhooks/{webhookId}")).Json.GetProperty("delivery").GetProperty("state").GetString());

        healthy = true;
        Assert.True(await prober.ProbeAsync(webhookId, CancellationToken.None));
        var (_, after) = await app.GetAsync($"1.0/webhooks/{webhookId}");
        Assert.Equal("enabled", after.GetProperty("delivery").GetProperty("state").GetString());
        Assert.True(await EventuallyAsync(() => endpoint.Posts.Select(p => p.EventIds.Single()).Distinct().Count() == 3
            && endpoint.Posts.Any(p => p.Body.Contains("Hi dead-3"))), "the backlog was not delivered after re-enabling");
        var (_, log) = await app.GetAsync($"1.0/webhooks/{webhookId}/deliveries?limit=150");
        Assert.Equal(3, log.GetProperty("records").EnumerateArray().Count(a => a.GetProperty("ok").GetBoolean()));
    }

    [Fact]
    public async Task A_replay_since_an_event_redelivers_exactly_the_later_matching_events()
    {
        var (sourceId, secret) = await SourceAsync("Replay hook source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var webhookId = await WebhookAsync(endpoint, sourceId);
        for (var i = 1; i <= 3; i++) await PushAsync(sourceId, secret, $"replay-{i}", $"replay-thread-{i}");
        Assert.True(await EventuallyAsync(() => endpoint.Posts.Count == 3));
        var (_, events) = await app.GetAsync("1.0/events?q=" + Uri.EscapeDataString("name_in:\"content.imported\" order:created_at.asc") + "&limit=150");
        var ours = events.GetProperty("records").EnumerateArray()
            .Where(e => e.GetProperty("extra_infos").GetProperty("content_source_id").GetString() == sourceId).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(3, ours.Count);

        var (status, replay) = await app.SendFormAsync(HttpMethod.Post, $"1.0/webhooks/{webhookId}/replay", [P("since_event_id", ours[0])]);
        Assert.Equal(200, status);
        Assert.Equal(ours[1..], replay.GetProperty("event_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(await EventuallyAsync(() => endpoint.Posts.Count == 5));
        var replayed = endpoint.Posts.Skip(3).ToList();
        Assert.Equal(ours[1..].Order(), replayed.Select(p => p.EventIds.Single()).Order());
        Assert.DoesNotContain(replayed, p => endpoint.Posts.Take(3).Any(q => q.DeliveryId == p.DeliveryId));

        var (missing, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/webhooks/{webhookId}/replay", [P("since_event_id", "5f1b2c3d4e5f6a7b8c9d0e1f")]);
        Assert.Equal(404, missing);
        var (redeliver, redelivered) = await app.SendFormAsync(HttpMethod.Post, $"1.0/webhooks/{webhookId}/deliveries/{endpoint.Posts.First().DeliveryId}/redeliver", []);
        Assert.Equal(200, redeliver);
        Assert.True(await EventuallyAsync(() => endpoint.Posts.Count == 6));
        Assert.Equal(endpoint.Posts.First().EventIds, endpoint.Posts.Last().EventIds);
        Assert.Equal(redelivered.GetProperty("id").GetString(), endpoint.Posts.Last().DeliveryId);
    }

    [Fact]
    public async Task A_webhook_gets_only_events_of_sources_its_owner_may_read()
    {
        var (readable, readableSecret) = await SourceAsync("Owner readable");
        var (hidden, hiddenSecret) = await SourceAsync("Owner hidden");
        var (_, ownerToken, tokenId) = await app.UserWithTokenAsync("hook-owner@example.com", "bot", "read", readable);
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (status, _) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", [P("url", endpoint.Url), P("registered_events[]", "content.imported")], ownerToken);
        Assert.Equal(200, status);

        var webhookId = (await app.GetAsync("1.0/webhooks", ownerToken)).Json.GetProperty("records")[0].GetProperty("id").GetString()!;
        await PushAsync(hidden, hiddenSecret, "hidden-1");
        await PushAsync(readable, readableSecret, "readable-1");
        Assert.True(await EventuallyAsync(() => !endpoint.Posts.IsEmpty));
        await Task.Delay(1500);
        Assert.Equal(["Hi readable-1"], endpoint.Posts.Select(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events")[0].GetProperty("resource").GetProperty("metadata").GetProperty("body").GetString()));

        // Revoking the token stops deliveries, and the webhook says so instead of looking healthy.
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"1.0/access_tokens/{tokenId}"))
        {
            revoke.Headers.Authorization = new("Bearer", app.AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(revoke)).StatusCode);
        }
        var (_, paused) = await app.GetAsync($"1.0/webhooks/{webhookId}");
        Assert.Equal("paused", paused.GetProperty("delivery").GetProperty("state").GetString());
        Assert.Contains("revoked", paused.GetProperty("delivery").GetProperty("disabled_reason").GetString());
        await PushAsync(readable, readableSecret, "readable-2");
        await Task.Delay(1500);
        Assert.Single(endpoint.Posts);
    }

    [Fact]
    public async Task After_a_secret_rotation_deliveries_are_signed_with_both_secrets()
    {
        var (sourceId, secret) = await SourceAsync("Rotation hook source");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var webhookId = await WebhookAsync(endpoint, sourceId, secret: "old-secret");
        var (rotated, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/webhooks/{webhookId}", [P("secret", "new-secret")]);
        Assert.Equal(200, rotated);
        await PushAsync(sourceId, secret, "rotation-1");
        Assert.True(await EventuallyAsync(() => !endpoint.Posts.IsEmpty));
        var post = endpoint.Posts.Single();
        Assert.Equal("new-secret", post.Secret);
        var body = Encoding.UTF8.GetBytes(post.Body);
        Assert.True(WebhookSignature.Verify(post.Signature!, body, "new-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(post.Signature!, body, "old-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(post.Signature!, body, "other-secret", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }
}
