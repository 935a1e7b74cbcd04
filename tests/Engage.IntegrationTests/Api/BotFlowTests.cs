using System.Net.Http.Headers;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>A bot's token engages, replies, recategorises and completes; the thread's closed state is enforced on replies.</summary>
public class BotFlowTests(FastRetryFixture app) : IClassFixture<FastRetryFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string UserId, string Token)> UserAsync(string email, string role, string sourceId)
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == role).GetProperty("id").GetString()!;
        var (_, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", email), P("role_id", roleId)]);
        var userId = user.GetProperty("id").GetString()!;
        await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", [P(sourceId, "read,reply")]);
        var (_, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", userId), P("label", "t")]);
        return (userId, token.GetProperty("token").GetString()!);
    }

    private async Task<string> CustomerContentAsync(string messageId, string thread)
    {
        await app.PushAsync(EngageFixture.Message(messageId, thread, "hi bot"));
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == thread).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        return contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == messageId).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_bot_engages_replies_and_completes_closing_the_thread_and_replies_are_then_refused()
    {
        var (botId, bot) = await UserAsync("bot@example.com", "bot", app.Bootstrap.SourceId);
        var content = await CustomerContentAsync("bot-1", "bot-thread");
        var (engaged, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/engage?content_id={content}", [], bot);
        Assert.Equal(200, engaged);
        Assert.Equal(botId, intervention.GetProperty("user_id").GetString());
        var interventionId = intervention.GetProperty("id").GetString()!;

        var (replied, reply) = await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "I can help"), P("in_reply_to_id", content)], bot);
        Assert.Equal(200, replied);
        Assert.Equal(botId, reply.GetProperty("creator_id").GetString());

        var (completed, result) = await app.SendFormAsync(HttpMethod.Post,
            $"1.0/bots/complete?intervention_id={interventionId}&close_thread=true&thread_category_ids[]=aaaaaaaaaaaaaaaaaaaaaaaa", [], bot);
        Assert.Equal(200, completed);
        Assert.Equal("ok", result.GetProperty("status").GetString());

        var threadId = intervention.GetProperty("thread_id").GetString()!;
        var (_, thread) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.True(thread.GetProperty("closed").GetBoolean());
        Assert.Equal(["aaaaaaaaaaaaaaaaaaaaaaaa"], thread.GetProperty("thread_category_ids").EnumerateArray().Select(c => c.GetString()));
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await app.GetAsync($"1.0/interventions/{interventionId}")).Json.GetProperty("status").GetString() == "closed"));

        var (refused, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "again"), P("in_reply_to_id", content)], bot);
        Assert.Equal((403, "cant_reply_to_closed_thread"), (refused, error.GetProperty("error").GetString()));

        using var open = new HttpRequestMessage(HttpMethod.Get, $"1.0/content_threads/{threadId}/open");
        open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bot);
        Assert.Equal(200, (int)(await app.Http.SendAsync(open)).StatusCode);
        Assert.False((await app.GetAsync($"1.0/content_threads/{threadId}")).Json.GetProperty("closed").GetBoolean());
    }

    [Fact]
    public async Task A_bot_that_never_replied_completes_by_canceling()
    {
        var (_, bot) = await UserAsync("quiet-bot@example.com", "bot", app.Bootstrap.SourceId);
        var content = await CustomerContentAsync("bot-quiet", "bot-quiet-thread");
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/engage?content_id={content}", [], bot);
        var id = intervention.GetProperty("id").GetString()!;
        var (completed, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/complete?intervention_id={id}", [], bot);
        Assert.Equal(200, completed);
        Assert.Equal("canceled", (await app.GetAsync($"1.0/interventions/{id}")).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_agent_reassigns_and_recategorises_only_an_intervention_in_their_charge()
    {
        var (agentId, agent) = await UserAsync("agent-a@example.com", "agent", app.Bootstrap.SourceId);
        var (otherId, other) = await UserAsync("agent-b@example.com", "agent", app.Bootstrap.SourceId);
        var content = await CustomerContentAsync("re-1", "reassign-thread");
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}", [], agent);
        var id = intervention.GetProperty("id").GetString()!;

        var (notTheirs, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/update_categories", [P("category_ids[]", "x")], other);
        Assert.Equal(403, notTheirs);
        var (_, b) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Billing")]);
        var (_, c) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Refund")]);
        var (recategorised, categories) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/update_categories",
            [P("category_ids[]", b.GetProperty("id").GetString()!), P("category_ids[]", c.GetProperty("id").GetString()!)], agent);
        Assert.Equal(200, recategorised);
        Assert.Equal(2, categories.GetProperty("category_ids").GetArrayLength());

        var (unknownUser, unknown) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/reassign?user_id=5f1b2c3d4e5f6a7b8c9d0e1f", [], agent);
        Assert.Equal((422, "invalid_parameter"), (unknownUser, unknown.GetProperty("error").GetString()));
        var (reassigned, moved) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/reassign", [P("user_id", otherId)], agent);
        Assert.Equal((200, otherId), (reassigned, moved.GetProperty("user_id").GetString()));
        var (formerOwner, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/reassign", [P("user_id", agentId)], agent);
        Assert.Equal(403, formerOwner);
        Assert.Equal(JsonValueKind.Array, moved.GetProperty("category_ids").ValueKind);
    }

    [Fact]
    public async Task After_a_handover_to_agents_the_bot_may_not_reply_until_it_is_handed_back()
    {
        var (_, bot) = await UserAsync("handover-bot@example.com", "bot", app.Bootstrap.SourceId);
        var content = await CustomerContentAsync("ho-1", "handover-thread");
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/engage?content_id={content}", [], bot);
        var id = intervention.GetProperty("id").GetString()!;
        var threadId = intervention.GetProperty("thread_id").GetString()!;
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "bot says hi"), P("in_reply_to_id", content)], bot)).Status);

        var (bad, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/handover?from=bot&to=bot&type=engage_virtual_agent&intervention_id={id}", [], bot);
        Assert.Equal(422, bad);
        var (handed, answer) = await app.SendFormAsync(HttpMethod.Post,
            $"1.0/bots/handover?from=bot&to=agent&type=engage_virtual_agent&intervention_id={id}&thread_category_ids[]=dddddddddddddddddddddddd", [], bot);
        Assert.Equal((200, "ok"), (handed, answer.GetProperty("status").GetString()));
        var (_, thread) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal("agent", thread.GetProperty("controller").GetString());
        Assert.Equal(["dddddddddddddddddddddddd"], thread.GetProperty("thread_category_ids").EnumerateArray().Select(c => c.GetString()));

        var (refused, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "me again"), P("in_reply_to_id", content)], bot);
        Assert.Equal((409, "not_controller"), (refused, error.GetProperty("error").GetString()));
        // An agent (here the admin) still replies.
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "a human here"), P("in_reply_to_id", content)])).Status);

        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, $"1.0/bots/handover?from=agent&to=bot&type=engage_virtual_agent&intervention_id={id}", [], bot)).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "bot is back"), P("in_reply_to_id", content)], bot)).Status);
    }

    [Fact]
    public async Task Impersonation_needs_the_permission_and_acts_with_the_other_users_rights()
    {
        var (agentId, agent) = await UserAsync("imp-agent@example.com", "agent", app.Bootstrap.SourceId);
        var (notAllowed, error) = await app.GetAsync($"1.0/content_threads?impersonated_user_id={agentId}", agent);
        Assert.Equal((400, "impersonation_not_allowed"), (notAllowed, error.GetProperty("error").GetString()));
        var content = await CustomerContentAsync("imp-1", "impersonation-thread");
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={content}&impersonated_user_id={agentId}", []);
        Assert.Equal((200, agentId), (opened, intervention.GetProperty("user_id").GetString()));
        var (unknown, _) = await app.GetAsync("1.0/content_threads?impersonated_user_id=5f1b2c3d4e5f6a7b8c9d0e1f");
        Assert.Equal(400, unknown);
    }
}
