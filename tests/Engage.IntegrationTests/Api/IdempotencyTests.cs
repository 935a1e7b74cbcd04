using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <c>Idempotency-Key</c> on POST over HTTP (issue 7, item 4): a repeated reply creates one content and one outbound
/// post, a concurrent repeat never acts twice, another body is 422, a bad key is 422. Expiry and the lease, which need
/// a clock: <c>Application.IdempotencyStoreTests</c>.
/// </summary>
public class IdempotencyTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string ContentId, string ThreadId, TestBridge Bridge)> OpenThreadAsync(string thread)
    {
        var bridge = await TestBridge.StartAsync();
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Idempotency bridge " + thread), P("endpoint_url", bridge.Url)]);
        var secret = created.GetProperty("secret").GetString()!;
        bridge.Secret = secret;
        var sourceId = created.GetProperty("id").GetString()!;
        var (_, active) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        Assert.True(active.GetProperty("active").GetBoolean());
        var posts = 0;
        bridge.Respond = body => body.Contains("\"messages.create\"") ? (200, $"{{\"id\":\"ext-{Interlocked.Increment(ref posts)}\"}}", true) : (200, "{}", true);
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(thread + "-m1", thread, "Hello?", "customer-1", "Cleo"), sourceId, secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        var threadId = threads.GetProperty("records")[0].GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var contentId = contents.GetProperty("records")[0].GetProperty("id").GetString()!;
        var (opened, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        Assert.Equal(200, opened);
        return (contentId, threadId, bridge);
    }

    private async Task<(int Status, string Body, bool Replayed)> ReplyAsync(string contentId, string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body, in_reply_to_id = contentId }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await app.Http.SendAsync(request);
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), replayed);
    }

    private async Task<int> RepliesInThreadAsync(string threadId)
    {
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        return contents.GetProperty("records").EnumerateArray().Count(c => c.GetProperty("in_reply_to_id").ValueKind == JsonValueKind.String);
    }

    private static int MessagesCreated(TestBridge bridge) => bridge.Received.Count(r => r.Body.Contains("\"messages.create\""));

    [Fact]
    public async Task A_repeated_reply_with_one_key_creates_one_content_and_one_post_and_replays_the_first_answer()
    {
        var (contentId, threadId, bridge) = await OpenThreadAsync("idem-thread");
        await using var _ = bridge;

        var first = await ReplyAsync(contentId, "On its way", "reply-key-1");
        Assert.Equal((200, false), (first.Status, first.Replayed));
        var second = await ReplyAsync(contentId, "On its way", "reply-key-1");
        Assert.Equal((200, true), (second.Status, second.Replayed));
        Assert.Equal(first.Body, second.Body);

        Assert.True(await EngageFixture.EventuallyAsync(async () => MessagesCreated(bridge) >= 1));
        Assert.Equal(1, await RepliesInThreadAsync(threadId));
        await Task.Delay(500);
        Assert.Equal(1, MessagesCreated(bridge));

        // The same key with another body is refused, and changes nothing.
        var reused = await ReplyAsync(contentId, "Something else", "reply-key-1");
        Assert.Equal(422, reused.Status);
        var error = JsonDocument.Parse(reused.Body).RootElement;
        Assert.Equal(("idempotency_key_reused", 422), (error.GetProperty("error").GetString(), error.GetProperty("status").GetInt32()));
        // Without a key, or with another one, a repeat acts as before.
        var fresh = await ReplyAsync(contentId, "On its way", "reply-key-2");
        Assert.Equal((200, false), (fresh.Status, fresh.Replayed));
        Assert.Equal(2, await RepliesInThreadAsync(threadId));
    }

    [Fact]
    public async Task Two_concurrent_posts_with_one_key_never_make_two_contents()
    {
        var (contentId, threadId, bridge) = await OpenThreadAsync("idem-race");
        await using var _ = bridge;

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ReplyAsync(contentId, "Only once", "race-key")));
        Assert.Single(results, r => r is { Status: 200, Replayed: false });
        var other = Assert.Single(results, r => !(r is { Status: 200, Replayed: false }));
        Assert.True(other is { Status: 200, Replayed: true } or { Status: 409 }, $"The repeat answered {other.Status}: {other.Body}");
        if (other.Status == 409) Assert.Contains("\"request_in_progress\"", other.Body);
        Assert.Equal(1, await RepliesInThreadAsync(threadId));
    }

    [Fact]
    public async Task A_4xx_answer_is_kept_and_replayed_and_a_bad_key_is_422()
    {
        var (status, body, replayed) = await ReplyAsync("000000000000000000000000", "to nothing", "unknown-content");
        Assert.Equal((404, false), (status, replayed));
        var again = await ReplyAsync("000000000000000000000000", "to nothing", "unknown-content");
        Assert.Equal((404, true, body), (again.Status, again.Replayed, again.Body));

        // The fingerprint is over the parameters, not their encoding: the same ones as a form are the same request.
        using (var form = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new FormUrlEncodedContent([P("body", "to nothing"), P("in_reply_to_id", "000000000000000000000000")]),
        })
        {
            form.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
            form.Headers.Add("Idempotency-Key", "unknown-content");
            using var response = await app.Http.SendAsync(form);
            Assert.Equal((404, true), ((int)response.StatusCode, response.Headers.Contains("Idempotent-Replayed")));
        }

        var tooLong = await ReplyAsync("000000000000000000000000", "x", new string('k', 256));
        Assert.Equal(422, tooLong.Status);
        Assert.Contains("\"invalid_idempotency_key\"", tooLong.Body);
    }
}
