using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Domain.Channel;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Starting a discussion with <c>POST /1.0/contents</c> without <c>in_reply_to_id</c>: the new thread, the signed
/// <c>threads.create</c> to the bridge, the bridge's thread id taken as the thread's <c>foreign_id</c>, and the
/// customer's answers on that id landing in the same thread, even when they race the link.
/// </summary>
public class DiscussionTests(FastRetryFixture app) : IClassFixture<FastRetryFixture>
{
    private const string Capabilities = "{\"objects\":{\"messages\":[\"create\"],\"threads\":[\"create\"]},\"options\":[]}";

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    /// <summary>A source whose bridge implements threads.create and answers it with <paramref name="threadsCreate"/>.</summary>
    private async Task<(string SourceId, string Secret, TestBridge Bridge)> BridgeSourceAsync(Func<string, (int, string, bool)> threadsCreate, string capabilities = Capabilities)
    {
        var bridge = await TestBridge.StartAsync();
        bridge.Respond = body => body.Contains("\"threads.create\"") ? threadsCreate(body) : (200, capabilities, true);
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Discussion bridge"), P("endpoint_url", bridge.Url)]);
        var secret = created.GetProperty("secret").GetString()!;
        bridge.Secret = secret;
        var sourceId = created.GetProperty("id").GetString()!;
        var (_, active) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        Assert.True(active.GetProperty("active").GetBoolean());
        return (sourceId, secret, bridge);
    }

    private async Task<(int Status, JsonElement Json)> StartAsync(object parameters, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(parameters), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    private async Task<JsonElement> WaitForContentAsync(string id, string status)
    {
        JsonElement last = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () => (last = (await app.GetAsync($"1.0/contents/{id}")).Json).GetProperty("synchronization_status").GetString() == status),
            $"content never reached {status}: {last}");
        return last;
    }

    private async Task<JsonElement> ThreadsOfAsync(string sourceId) => (await app.GetAsync($"1.0/content_threads?q=source:{sourceId}")).Json;

    private static List<JsonElement> ThreadsCreates(TestBridge bridge) =>
        bridge.Received.Where(r => r.Body.Contains("\"threads.create\"")).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("params").Clone()).ToList();

    [Fact]
    public async Task A_started_discussion_is_listed_sent_as_signed_threads_create_and_the_customer_answer_lands_in_the_same_thread()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync(_ => (200, "{\"id\":\"bridge-thread-1\"}", true));
        await using var _ = bridge;

        var (status, first) = await StartAsync(new { source_id = sourceId, body = "Votre colis est prêt 📦 <b>à retirer</b>" });
        Assert.Equal(200, status);
        Assert.Equal(("user_initiated", "pending", 1L, true), (first.GetProperty("status").GetString(), first.GetProperty("synchronization_status").GetString(),
            first.GetProperty("sequence").GetInt64(), first.GetProperty("first_in_thread").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("in_reply_to_id").ValueKind);
        var threadId = first.GetProperty("thread_id").GetString()!;
        var listed = await ThreadsOfAsync(sourceId);
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        Assert.Equal(threadId, listed.GetProperty("records")[0].GetProperty("id").GetString());

        var synced = await WaitForContentAsync(first.GetProperty("id").GetString()!, "success");
        Assert.Equal("bridge-thread-1", synced.GetProperty("foreign_id").GetString());
        var post = Assert.Single(bridge.Received, r => r.Body.Contains("\"threads.create\""));
        Assert.True(ChannelSignature.Verify(secret, Encoding.UTF8.GetBytes(post.Body), post.Signature));
        Assert.Contains("Votre colis est prêt 📦 <b>à retirer</b>", post.Body); // raw UTF-8, no escaping
        var sent = JsonDocument.Parse(post.Body).RootElement.GetProperty("params");
        Assert.Equal((first.GetProperty("id").GetString(), false, JsonValueKind.Null), (sent.GetProperty("content_id").GetString(), sent.GetProperty("retry").GetBoolean(), sent.GetProperty("thread_id").ValueKind));
        var (_, thread) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal("bridge-thread-1", thread.GetProperty("foreign_id").GetString());

        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("cust-answer-1", "bridge-thread-1", "Merci, j'arrive"), sourceId, secret)).StatusCode);
        var (_, after) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal(2, after.GetProperty("contents_count").GetInt32());
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22%20order:created_at.asc");
        var answer = contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == "cust-answer-1");
        Assert.Equal((threadId, 2L), (answer.GetProperty("thread_id").GetString(), answer.GetProperty("sequence").GetInt64()));
        Assert.Equal(1, (await ThreadsOfAsync(sourceId)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Messages_the_bridge_pushes_before_answering_threads_create_end_in_the_started_thread()
    {
        // The bridge echoes our message (forum style: the first message's id is the thread's) and the customer
        // answers, both pushed on the new thread id before the bridge answers threads.create.
        (string SourceId, string Secret) source = default;
        var (sourceId, secret, bridge) = await BridgeSourceAsync(body =>
        {
            var body0 = JsonDocument.Parse(body).RootElement.GetProperty("params").GetProperty("body").GetString()!;
            Assert.Equal(200, (int)app.PushAsync(EngageFixture.Message("race-thread", "race-thread", body0, "page", "The shop"), source.SourceId, source.Secret).GetAwaiter().GetResult().StatusCode);
            Assert.Equal(200, (int)app.PushAsync(EngageFixture.Message("race-answer", "race-thread", "Already here!"), source.SourceId, source.Secret).GetAwaiter().GetResult().StatusCode);
            return (200, "{\"id\":\"race-thread\"}", true);
        });
        source = (sourceId, secret);
        await using var _ = bridge;

        var (_, first) = await StartAsync(new { source_id = sourceId, body = "Une question ?", title = "Suivi de commande" });
        var threadId = first.GetProperty("thread_id").GetString()!;
        await WaitForContentAsync(first.GetProperty("id").GetString()!, "success");

        var listed = await ThreadsOfAsync(sourceId);
        Assert.Equal(1, listed.GetProperty("count").GetInt32());
        var thread = Assert.Single(listed.GetProperty("records").EnumerateArray());
        Assert.Equal((threadId, "race-thread", "Suivi de commande", 2), (thread.GetProperty("id").GetString(), thread.GetProperty("foreign_id").GetString(),
            thread.GetProperty("title").GetString(), thread.GetProperty("contents_count").GetInt32()));
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22%20order:created_at.asc");
        Assert.Equal([first.GetProperty("id").GetString()!, "race-answer"], contents.GetProperty("records").EnumerateArray()
            .Select(c => c.GetProperty("foreign_id").GetString() == "race-answer" ? "race-answer" : c.GetProperty("id").GetString()!));

        // Later pushes on the bridge's id keep landing there.
        await app.PushAsync(EngageFixture.Message("race-later", "race-thread", "And now?"), sourceId, secret);
        var (_, later) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal(3, later.GetProperty("contents_count").GetInt32());
    }

    [Theory]
    [InlineData("no source_id", "missing_parameter")]
    [InlineData("no body", "missing_parameter")]
    [InlineData("private", "unsupported_parameter")]
    [InlineData("to[] only", "unsupported_parameter")]
    [InlineData("title too long", "invalid_parameter")]
    [InlineData("no threads.create", "cannot_initiate_discussion")]
    public async Task An_incomplete_request_or_a_source_that_cannot_create_threads_is_422_and_creates_nothing(string mode, string error)
    {
        var (sourceId, _, bridge) = await BridgeSourceAsync(_ => (200, "{\"id\":\"never\"}", true),
            mode == "no threads.create" ? "{\"objects\":{\"messages\":[\"create\"]},\"options\":[]}" : Capabilities);
        await using var _ = bridge;
        object parameters = mode switch
        {
            "no source_id" => new { body = "hello" },
            "no body" => new { source_id = sourceId },
            "private" => new { source_id = sourceId, body = "hello", @private = true, to = "customer-1" },
            "to[] only" => new { source_id = sourceId, body = "hello", to = new[] { "customer-1" } },
            "title too long" => new { source_id = sourceId, body = "hello", title = new string('t', 40_000) },
            _ => new { source_id = sourceId, body = "hello" },
        };
        var (status, json) = await StartAsync(parameters);
        Assert.Equal((422, error, 422), (status, json.GetProperty("error").GetString(), json.GetProperty("status").GetInt32()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        Assert.Equal(0, (await ThreadsOfAsync(sourceId)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Starting_a_discussion_needs_initiate_discussion_on_the_source_not_only_reply()
    {
        var (sourceId, _, bridge) = await BridgeSourceAsync(_ => (200, "{\"id\":\"perm-thread\"}", true));
        await using var _ = bridge;
        var (_, roles) = await app.GetAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "agent").GetProperty("id").GetString()!;
        var (_, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", "replier@example.com"), P("role_id", roleId)]);
        var userId = user.GetProperty("id").GetString()!;
        await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", [P(sourceId, "read,reply")]);
        var (_, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", userId), P("label", "replier")]);
        var agentToken = token.GetProperty("token").GetString();

        var (status, json) = await StartAsync(new { source_id = sourceId, body = "hello" }, agentToken);
        Assert.Equal((403, 403), (status, json.GetProperty("status").GetInt32()));
        Assert.Equal(0, (await ThreadsOfAsync(sourceId)).GetProperty("count").GetInt32());
        Assert.Empty(ThreadsCreates(bridge));

        await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", [P(sourceId, "read,reply,initiate_discussion")]);
        var (allowed, _) = await StartAsync(new { source_id = sourceId, body = "hello" }, agentToken);
        Assert.Equal(200, allowed);
        Assert.Equal(1, (await ThreadsOfAsync(sourceId)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_bridge_failing_threads_create_leaves_the_content_failed_with_the_reason_after_3_tries()
    {
        var (sourceId, _, bridge) = await BridgeSourceAsync(_ => (500, "{}", true));
        await using var _ = bridge;
        var (_, first) = await StartAsync(new { source_id = sourceId, body = "nobody will get this" });
        var failed = await WaitForContentAsync(first.GetProperty("id").GetString()!, "failed");
        Assert.Contains("HTTP 500", failed.GetProperty("synchronization_error").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("foreign_id").ValueKind);
        await Task.Delay(1500); // no post may follow the recorded failure
        var posts = ThreadsCreates(bridge);
        Assert.Equal([false, true, true], posts.Select(p => p.GetProperty("retry").GetBoolean()));
        Assert.Single(posts.Select(p => p.GetProperty("content_id").GetString()).Distinct());
        var (_, thread) = await app.GetAsync($"1.0/content_threads/{first.GetProperty("thread_id").GetString()}");
        Assert.StartsWith("engage:", thread.GetProperty("foreign_id").GetString());
    }
}
