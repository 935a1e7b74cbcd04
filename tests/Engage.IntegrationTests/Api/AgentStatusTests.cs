using System.Net;
using System.Text.Json;
using Engage.Domain.Agents;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <c>GET/PUT /1.0/status</c> (issue 4, bots): an agent sets availability per channel, a bot reads who is available
/// and how busy before a handover, and the contract's permission and input rules hold.
/// </summary>
public class AgentStatusTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string Id, string Secret)> SourceAsync(string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private async Task<(string UserId, string Token)> UserAsync(string email, string role, params string[] replySources)
    {
        var (userId, token, _) = await app.UserWithTokenAsync(email, role, "read,reply", replySources);
        return (userId, token);
    }

    private async Task OpenInterventionAsync(string sourceId, string secret, string id, string token)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(id, "t-" + id, "Hi"), sourceId, secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "t-" + id).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var contentId = contents.GetProperty("records").EnumerateArray().Single().GetProperty("id").GetString()!;
        var (status, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", [], token);
        Assert.Equal(200, status);
    }

    private static JsonElement Channel(JsonElement agent, string sourceId) =>
        agent.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("id").GetString() == sourceId);

    private static JsonElement? Agent(JsonElement list, string userId) =>
        list.EnumerateArray().Where(a => a.GetProperty("agent_id").GetString() == userId).Cast<JsonElement?>().SingleOrDefault();

    [Fact]
    public async Task A_bot_sees_an_agent_available_on_a_channel_and_how_busy_they_are()
    {
        var (chat, chatSecret) = await SourceAsync("Status chat");
        var (mail, _) = await SourceAsync("Status mail");
        var (agentId, agentToken) = await UserAsync("status-agent@example.com", "agent", chat, mail);
        var (_, botToken) = await UserAsync("status-bot@example.com", "bot");

        var (before, disconnected) = await app.GetAsync($"1.0/status/{agentId}", botToken);
        Assert.Equal((404, "disconnected"), (before, disconnected.GetProperty("error").GetString()));
        Assert.Null(Agent((await app.GetAsync("1.0/status", botToken)).Json, agentId));

        var (set, own) = await app.SendFormAsync(HttpMethod.Put, $"1.0/status/{agentId}", [P($"status[{chat}]", "available"), P($"status[{mail}]", "away")], agentToken);
        Assert.Equal(200, set);
        Assert.Equal(("available", "unoccupied"), (Channel(own, chat).GetProperty("status").GetString(), Channel(own, chat).GetProperty("busyness").GetString()));
        Assert.Equal("Status chat", Channel(own, chat).GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("custom_status").ValueKind);

        for (var i = 0; i < AgentAvailability.SoftCapability; i++) await OpenInterventionAsync(chat, chatSecret, $"busy-{i}", agentToken);
        var (listed, list) = await app.GetAsync($"1.0/status?source_ids[]={chat}", botToken);
        Assert.Equal(200, listed);
        var seen = Agent(list, agentId) ?? throw new Xunit.Sdk.XunitException("the agent is not listed");
        Assert.Equal(("available", "busy"), (Channel(seen, chat).GetProperty("status").GetString(), Channel(seen, chat).GetProperty("busyness").GetString()));
        Assert.Equal(("away", "unoccupied"), (Channel(seen, mail).GetProperty("status").GetString(), Channel(seen, mail).GetProperty("busyness").GetString()));

        var (other, _) = await SourceAsync("Status elsewhere");
        Assert.Null(Agent((await app.GetAsync($"1.0/status?source_ids[]={other}", botToken)).Json, agentId));
    }

    [Fact]
    public async Task Status_updates_must_name_every_channel_with_a_known_word()
    {
        var (a, _) = await SourceAsync("Status A");
        var (b, _) = await SourceAsync("Status B");
        var (agentId, token) = await UserAsync("status-rules@example.com", "agent", a, b);

        async Task<string?> ErrorOf(params KeyValuePair<string, string>[] form)
        {
            var (status, body) = await app.SendFormAsync(HttpMethod.Put, $"1.0/status/{agentId}", form, token);
            Assert.Equal(422, status);
            return body.GetProperty("error").GetString();
        }

        Assert.Equal("missing_channels", await ErrorOf(P($"status[{a}]", "available")));
        Assert.Equal("unknown_channel", await ErrorOf(P($"status[{a}]", "available"), P($"status[{b}]", "away"), P("status[5f1b2c3d4e5f6a7b8c9d0e1f]", "away")));
        Assert.Equal("invalid_parameter", await ErrorOf(P($"status[{a}]", "busy"), P($"status[{b}]", "away")));
        Assert.Equal("invalid_parameter", await ErrorOf(P("custom_status_id", "lunch")));
        Assert.Equal("missing_parameter", await ErrorOf());
    }

    [Fact]
    public async Task Only_the_agent_or_a_monitor_may_read_or_set_a_status()
    {
        var (a, _) = await SourceAsync("Status perms");
        var (agentId, agentToken) = await UserAsync("status-self@example.com", "agent", a);
        var (_, peerToken) = await UserAsync("status-peer@example.com", "agent", a);

        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Put, $"1.0/status/{agentId}", [P($"status[{a}]", "available")], peerToken)).Status);
        Assert.Equal(403, (await app.GetAsync("1.0/status", agentToken)).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/status/{agentId}", [P($"status[{a}]", "available")], app.AdminToken)).Status);
        Assert.Equal(200, (await app.GetAsync($"1.0/status/{agentId}", agentToken)).Status);
        Assert.Equal(403, (await app.GetAsync($"1.0/status/{agentId}", peerToken)).Status);
        var (missing, notFound) = await app.GetAsync("1.0/status/5f1b2c3d4e5f6a7b8c9d0e1f");
        Assert.Equal((404, "not_found"), (missing, notFound.GetProperty("error").GetString()));
        Assert.Equal(422, (await app.GetAsync("1.0/status?team_ids[]=t1")).Status);
    }
}
