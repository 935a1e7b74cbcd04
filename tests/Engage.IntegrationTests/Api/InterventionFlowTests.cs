using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Domain.Channel;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// The agent loop over HTTP (issue 4): a customer message, an intervention, a reply posted to the bridge,
/// a close completed by the disposition workflow, and the rules clients rely on.
/// </summary>
public class InterventionFlowTests(FastRetryFixture app) : IClassFixture<FastRetryFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string SourceId, string Secret, TestBridge Bridge)> BridgeSourceAsync(Func<string, (int, string, bool)>? respond = null)
    {
        var bridge = await TestBridge.StartAsync();
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Loop bridge"), P("endpoint_url", bridge.Url)]);
        var secret = created.GetProperty("secret").GetString()!;
        bridge.Secret = secret;
        var sourceId = created.GetProperty("id").GetString()!;
        var (_, active) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        Assert.True(active.GetProperty("active").GetBoolean());
        var posts = 0;
        bridge.Respond = respond ?? (body => body.Contains("\"messages.create\"") ? (200, $"{{\"id\":\"ext-{Interlocked.Increment(ref posts)}\"}}", true) : (200, "{}", true));
        return (sourceId, secret, bridge);
    }

    private async Task<string> CustomerMessageAsync(string sourceId, string secret, string messageId, string thread)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(messageId, thread, "Where is my order? 📦", "customer-1", "Cleo"), sourceId, secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == thread).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        return contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == messageId).GetProperty("id").GetString()!;
    }

    private async Task<(int Status, JsonElement Json)> ReplyAsync(string contentId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body, in_reply_to_id = contentId, @private = false }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    private async Task<JsonElement> WaitForContentAsync(string id, Func<JsonElement, bool> condition)
    {
        JsonElement last = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () => condition(last = (await app.GetAsync($"1.0/contents/{id}")).Json)), $"content never reached the state: {last}");
        return last;
    }

    [Fact]
    public async Task A_customer_message_is_engaged_answered_on_the_bridge_and_closed_with_categories()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var customerContent = await CustomerMessageAsync(sourceId, secret, "loop-1", "loop-thread");

        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={customerContent}", []);
        Assert.Equal(200, opened);
        Assert.Equal("opened", intervention.GetProperty("status").GetString());
        var interventionId = intervention.GetProperty("id").GetString()!;
        var (again, error) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={customerContent}", []);
        Assert.Equal((422, "intervention_already_open"), (again, error.GetProperty("error").GetString()));

        var (closeTooEarly, early) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close", []);
        Assert.Equal((403, "no_agent_reply"), (closeTooEarly, early.GetProperty("error").GetString()));

        var (replied, reply) = await ReplyAsync(customerContent, "Tomorrow — “on its way” 🚚 <b>not html</b>");
        Assert.Equal(200, replied);
        Assert.Equal("pending", reply.GetProperty("synchronization_status").GetString());
        Assert.Equal(interventionId, reply.GetProperty("intervention_id").GetString());
        Assert.Equal(customerContent, reply.GetProperty("in_reply_to_id").GetString());
        Assert.Equal(2, reply.GetProperty("sequence").GetInt64());

        var synced = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "success");
        Assert.Equal("ext-1", synced.GetProperty("foreign_id").GetString());
        var post = bridge.Received.Select(r => r).Single(r => r.Body.Contains("messages.create"));
        Assert.True(ChannelSignature.Verify(secret, Encoding.UTF8.GetBytes(post.Body), post.Signature));
        Assert.Contains("Tomorrow — “on its way” 🚚 <b>not html</b>", post.Body); // raw UTF-8, no escaping
        using (var doc = JsonDocument.Parse(post.Body))
        {
            var p = doc.RootElement.GetProperty("params");
            Assert.Equal(("loop-thread", "loop-1", false, reply.GetProperty("id").GetString()),
                (p.GetProperty("thread_id").GetString(), p.GetProperty("in_reply_to_id").GetString(), p.GetProperty("retry").GetBoolean(), p.GetProperty("content_id").GetString()));
        }
        var (_, customer) = await app.GetAsync($"1.0/contents/{customerContent}");
        Assert.Equal("replied", customer.GetProperty("status").GetString());

        var (_, category) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Delivered")]);
        var categoryId = category.GetProperty("id").GetString()!;
        var (unknownCategory, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close", [P("category_ids[]", "5f1b2c3d4e5f6a7b8c9d0e1f")]);
        Assert.Equal(422, unknownCategory);
        var closes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close", [P("category_ids[]", categoryId)])));
        Assert.Equal([200, 409], closes.Select(c => c.Status).Order());
        Assert.Equal("close_in_progress", closes.Single(c => c.Status == 409).Json.GetProperty("error").GetString());

        JsonElement closed = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () => (closed = (await app.GetAsync($"1.0/interventions/{interventionId}")).Json).GetProperty("closed").GetBoolean()));
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal([categoryId], closed.GetProperty("category_ids").EnumerateArray().Select(c => c.GetString()));
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closed_at").ValueKind);
        Assert.Equal(1, closed.GetProperty("user_replies_count").GetInt32());
        Assert.True(closed.GetProperty("first_user_reply_in").GetInt64() >= 0);
        var (closedAgain, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close", []);
        Assert.Equal(403, closedAgain);
        var (_, thread) = await app.GetAsync($"1.0/content_threads/{synced.GetProperty("thread_id").GetString()}");
        Assert.Equal([categoryId], thread.GetProperty("category_ids").EnumerateArray().Select(c => c.GetString()));

        var (replyAfterClose, noIntervention) = await ReplyAsync(customerContent, "late");
        Assert.Equal((422, "no_open_intervention"), (replyAfterClose, noIntervention.GetProperty("error").GetString()));
        var followUp = await CustomerMessageAsync(sourceId, secret, "loop-2", "loop-thread");
        var (_, reopenedJson) = await app.GetAsync($"1.0/interventions/{interventionId}");
        Assert.Equal("reopened", reopenedJson.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reopenedJson.GetProperty("closed_at").ValueKind);
        var (_, followUpJson) = await app.GetAsync($"1.0/contents/{followUp}");
        Assert.Equal(interventionId, followUpJson.GetProperty("intervention_id").GetString());
        var (_, list) = await app.GetAsync($"1.0/interventions?thread_id={synced.GetProperty("thread_id").GetString()}&status=active");
        Assert.Equal(1, list.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Opening_on_the_content_of_a_closed_intervention_reopens_it()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var content = await CustomerMessageAsync(sourceId, secret, "reopen-1", "reopen-thread");
        var (_, opened) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var id = opened.GetProperty("id").GetString()!;
        Assert.Equal(200, (await ReplyAsync(content, "done")).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/close", [])).Status);
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await app.GetAsync($"1.0/interventions/{id}")).Json.GetProperty("status").GetString() == "closed"));
        var (status, reopened) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        Assert.Equal((200, "reopened", id), (status, reopened.GetProperty("status").GetString(), reopened.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_intervention_without_a_reply_can_be_canceled_and_not_after_one()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var first = await CustomerMessageAsync(sourceId, secret, "cancel-1", "cancel-thread");
        var (_, opened) = await app.SendFormAsync(HttpMethod.Post, "1.0/interventions", [P("content_id", first)]);
        var id = opened.GetProperty("id").GetString()!;
        using (var cancel = new HttpRequestMessage(HttpMethod.Delete, $"1.0/interventions/{id}/cancel"))
        {
            cancel.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(cancel)).StatusCode);
        }
        var (_, second) = await app.SendFormAsync(HttpMethod.Post, "1.0/interventions", [P("content_id", first)]);
        var secondId = second.GetProperty("id").GetString()!;
        Assert.NotEqual(id, secondId);
        Assert.Equal(200, (await ReplyAsync(first, "answer")).Status);
        using var late = new HttpRequestMessage(HttpMethod.Delete, $"1.0/interventions/{secondId}/cancel");
        late.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        var response = await app.Http.SendAsync(late);
        Assert.Equal((HttpStatusCode.Forbidden, "agent_replied"), (response.StatusCode, (await EngageFixture.ReadJsonAsync(response)).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_bridge_answering_500_then_200_gets_the_reply_on_the_second_try_marked_retry()
    {
        var calls = 0;
        var (sourceId, secret, bridge) = await BridgeSourceAsync(body =>
            !body.Contains("messages.create") ? (200, "{}", true) : Interlocked.Increment(ref calls) == 1 ? (500, "{}", true) : (200, "{\"id\":\"ext-after-500\"}", true));
        await using var _ = bridge;
        var content = await CustomerMessageAsync(sourceId, secret, "r500-1", "r500-thread");
        await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var (_, reply) = await ReplyAsync(content, "hello");
        var synced = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "success");
        Assert.Equal("ext-after-500", synced.GetProperty("foreign_id").GetString());
        var posts = bridge.Received.Where(r => r.Body.Contains("messages.create")).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("params")).ToList();
        Assert.Equal([false, true], posts.Select(p => p.GetProperty("retry").GetBoolean()));
        Assert.Single(posts.Select(p => p.GetProperty("content_id").GetString()).Distinct());
    }

    [Theory]
    [InlineData("fatal", 1)]
    [InlineData("unsigned", 3)]
    [InlineData("500", 3)]
    public async Task A_failing_bridge_ends_in_failed_with_the_reason_after_the_allowed_posts(string mode, int expectedPosts)
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync(body => !body.Contains("messages.create") ? (200, "{}", true) : mode switch
        {
            "fatal" => (200, "{\"error\":{\"fatal\":true,\"message\":\"user blocked\"}}", true),
            "unsigned" => (200, "{\"id\":\"x\"}", false),
            _ => (500, "{}", true),
        });
        await using var _ = bridge;
        var content = await CustomerMessageAsync(sourceId, secret, $"fail-{mode}", $"fail-thread-{mode}");
        await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var (_, reply) = await ReplyAsync(content, "will fail");
        var failed = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "failed");
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("synchronization_error").GetString()));
        await Task.Delay(1500); // no post may follow the recorded failure
        Assert.Equal(expectedPosts, bridge.Received.Count(r => r.Body.Contains("messages.create")));
    }

    [Fact]
    public async Task A_bridge_that_is_down_ends_in_failed_after_3_attempts()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        var url = bridge.Url;
        await bridge.DisposeAsync(); // connection refused from now on
        var content = await CustomerMessageAsync(sourceId, secret, "down-1", "down-thread");
        await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var (_, reply) = await ReplyAsync(content, "nobody listens");
        var failed = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "failed");
        Assert.Contains("did not answer", failed.GetProperty("synchronization_error").GetString());
        Assert.StartsWith("http://127.0.0.1:", url);
    }

    [Fact]
    public async Task A_bridge_slower_than_the_timeout_ends_in_failed_after_3_posts()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var content = await CustomerMessageAsync(sourceId, secret, "slow-1", "slow-thread");
        bridge.Respond = body =>
        {
            if (body.Contains("messages.create")) Thread.Sleep(FastRetryFixture.ChannelTimeout * 2);
            return (200, "{\"id\":\"too-late\"}", true);
        };
        await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var (_, reply) = await ReplyAsync(content, "slow");
        var failed = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "failed");
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("foreign_id").ValueKind);
        await Task.Delay(FastRetryFixture.ChannelTimeout * 3);
        Assert.Equal(3, bridge.Received.Count(r => r.Body.Contains("messages.create")));
    }

    [Fact]
    public async Task When_the_save_after_a_post_is_lost_the_next_try_is_marked_retry_and_nothing_posts_after_success()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var content = await CustomerMessageAsync(sourceId, secret, "lost-save-1", "lost-save-thread");
        await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", []);
        var contents = new Azure.Data.Tables.TableClient(app.Azurite.ConnectionString, Engage.Application.Storage.StorageNames.ThreadsTable);
        var posts = 0;
        bridge.Respond = body =>
        {
            if (!body.Contains("messages.create")) return (200, "{}", true);
            if (Interlocked.Increment(ref posts) == 1)
            {
                // The bridge has the reply, but the worker's save will fail (as if it died before saving):
                // touching the content row moves its ETag under the worker.
                var id = JsonDocument.Parse(body).RootElement.GetProperty("params").GetProperty("content_id").GetString()!;
                var row = contents.Query<Azure.Data.Tables.TableEntity>($"RowKey ge 'c|' and RowKey lt 'c}}' and Id eq '{id}'").Single();
                contents.UpdateEntity(new Azure.Data.Tables.TableEntity(row.PartitionKey, row.RowKey) { ["Touched"] = true }, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Merge);
            }
            return (200, $"{{\"id\":\"ext-lost-{posts}\"}}", true);
        };
        var (_, reply) = await ReplyAsync(content, "exactly once, please");
        var synced = await WaitForContentAsync(reply.GetProperty("id").GetString()!, c => c.GetProperty("synchronization_status").GetString() == "success");
        Assert.Equal("ext-lost-2", synced.GetProperty("foreign_id").GetString());
        await Task.Delay(2500);
        var sent = bridge.Received.Where(r => r.Body.Contains("messages.create")).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("params")).ToList();
        Assert.Equal([false, true], sent.Select(p => p.GetProperty("retry").GetBoolean()));
        Assert.Single(sent.Select(p => p.GetProperty("content_id").GetString()).Distinct());
    }
}
