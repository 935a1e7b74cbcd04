using System.Net;
using System.Text;
using System.Text.Json;
using Engage.Application.Auth;
using Engage.Domain.Channel;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>Issue 3 over HTTP: sources, users, tokens and roles, their permissions, and secrets kept out of answers and logs.</summary>
public class AdminTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<string> RoleIdAsync(string label)
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        return roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label).GetProperty("id").GetString()!;
    }

    private async Task<(string UserId, string Token)> CreateUserWithTokenAsync(string email, string role)
    {
        var (status, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", email), P("role_id", await RoleIdAsync(role)), P("firstname", "Bot")]);
        Assert.Equal(200, status);
        var userId = user.GetProperty("id").GetString()!;
        var (tokenStatus, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", userId), P("label", "test")]);
        Assert.Equal(200, tokenStatus);
        return (userId, token.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task An_admin_connects_a_bridge_and_a_bot_that_can_read_but_not_create_sources()
    {
        await using var bridge = await TestBridge.StartAsync();
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Bridge"), P("endpoint_url", bridge.Url)]);
        Assert.Equal(200, status);
        var sourceId = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.False(created.GetProperty("active").GetBoolean());
        bridge.Secret = secret;

        var (activated, source) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        Assert.Equal(200, activated);
        Assert.True(source.GetProperty("active").GetBoolean());
        Assert.False(source.TryGetProperty("secret", out _));
        Assert.Equal("create", source.GetProperty("capabilities").GetProperty("objects").GetProperty("messages")[0].GetString());
        var (infoBody, infoSignature) = Assert.Single(bridge.Received);
        Assert.True(ChannelSignature.Verify(secret, Encoding.UTF8.GetBytes(infoBody), infoSignature));
        Assert.Equal("implementation.info", JsonDocument.Parse(infoBody).RootElement.GetProperty("action").GetString());

        var (botId, botToken) = await CreateUserWithTokenAsync("bot-1@example.com", "bot");
        var (granted, permissions) = await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{botId}/sources_permissions", [P(sourceId, "read,reply")]);
        Assert.Equal(200, granted);
        Assert.Equal(["read", "reply"], permissions.GetProperty(sourceId).EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("bot-visible", "bot-thread", "hi"), sourceId, secret)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("bot-hidden", "hidden-thread", "hi"))).StatusCode);
        var (read, threads) = await app.GetAsync("1.0/content_threads", botToken);
        Assert.Equal(200, read);
        Assert.Equal(["bot-thread"], threads.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("foreign_id").GetString()));
        var (_, sources) = await app.GetAsync("1.0/content_sources", botToken);
        Assert.Equal([sourceId], sources.GetProperty("records").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var (hiddenStatus, _) = await app.GetAsync($"1.0/content_sources/{app.Bootstrap.SourceId}", botToken);
        Assert.Equal(404, hiddenStatus);

        var (forbidden, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Nope")], botToken);
        Assert.Equal(403, forbidden);
        Assert.Equal(403, error.GetProperty("status").GetInt32());
        var (rolesForbidden, _) = await app.SendFormAsync(HttpMethod.Post, "1.0/roles", [P("label", "x")], botToken);
        Assert.Equal(403, rolesForbidden);
    }

    [Fact]
    public async Task A_failed_activation_leaves_the_source_inactive_with_the_reason()
    {
        await using var bridge = await TestBridge.StartAsync();
        bridge.Respond = _ => (200, "{\"objects\":{}}", false);
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Unsigned"), P("endpoint_url", bridge.Url), P("active", "true")]);
        Assert.Equal(200, status);
        Assert.False(created.GetProperty("active").GetBoolean());
        Assert.Contains("signature", created.GetProperty("inactive_reason").GetString());
        bridge.Respond = _ => (500, "{}", true);
        var (_, again) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{created.GetProperty("id").GetString()}", [P("active", "true")]);
        Assert.Contains("500", again.GetProperty("inactive_reason").GetString());
    }

    [Fact]
    public async Task A_rotated_secret_makes_the_old_one_fail_on_the_send_api()
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Rotating"), P("active", "true")]);
        var sourceId = created.GetProperty("id").GetString()!;
        var oldSecret = created.GetProperty("secret").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("rot-1", "rot", "x"), sourceId, oldSecret)).StatusCode);
        var (status, rotated) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("rotate_secret", "true")]);
        Assert.Equal(200, status);
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        var refused = await app.PushAsync(EngageFixture.Message("rot-2", "rot", "x"), sourceId, oldSecret);
        Assert.Equal(422, (int)refused.StatusCode);
        Assert.Equal("invalid_signature", (await EngageFixture.ReadJsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("rot-3", "rot", "x"), sourceId, newSecret)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_and_a_disabled_user_get_401_at_once()
    {
        var (userId, token) = await CreateUserWithTokenAsync("agent-1@example.com", "agent");
        Assert.Equal(200, (await app.GetAsync("1.0/content_threads", token)).Status);
        var (_, list) = await app.GetAsync($"1.0/access_tokens?user_id={userId}");
        var tokenId = list.GetProperty("records")[0].GetProperty("id").GetString()!;
        Assert.DoesNotContain(token, list.GetRawText());
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"1.0/access_tokens/{tokenId}"))
        {
            revoke.Headers.Authorization = new("Bearer", app.AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(revoke)).StatusCode);
        }
        Assert.Equal(401, (await app.GetAsync("1.0/content_threads", token)).Status);

        var (otherId, otherToken) = await CreateUserWithTokenAsync("agent-2@example.com", "agent");
        Assert.Equal(200, (await app.GetAsync("1.0/content_threads", otherToken)).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{otherId}", [P("enabled", "false")])).Status);
        Assert.Equal(401, (await app.GetAsync("1.0/content_threads", otherToken)).Status);
    }

    [Fact]
    public async Task Roles_need_a_label_and_keep_the_flags_given()
    {
        var (missing, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/roles", [P("read_user", "true")]);
        Assert.Equal(422, missing);
        Assert.Equal("missing_parameter", error.GetProperty("error").GetString());
        using var json = new HttpRequestMessage(HttpMethod.Post, "1.0/roles") { Content = new StringContent("{\"label\":\"supervisor\",\"read_user\":true,\"create_user\":false}", Encoding.UTF8, "application/json") };
        json.Headers.Authorization = new("Bearer", app.AdminToken);
        var response = await app.Http.SendAsync(json);
        var role = await EngageFixture.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(("supervisor", true, false), (role.GetProperty("label").GetString(), role.GetProperty("read_user").GetBoolean(), role.GetProperty("create_user").GetBoolean()));
        var (_, updated) = await app.SendFormAsync(HttpMethod.Put, $"1.0/roles/{role.GetProperty("id").GetString()}?create_user=true", []);
        Assert.True(updated.GetProperty("create_user").GetBoolean());
        Assert.True(updated.GetProperty("read_user").GetBoolean());
    }

    [Fact]
    public async Task Two_racing_creations_of_one_email_make_one_user()
    {
        var role = await RoleIdAsync("agent");
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", "same@example.com"), P("role_id", role)])));
        Assert.Single(results, r => r.Status == 200);
        Assert.All(results.Where(r => r.Status != 200), r => Assert.Equal("email_taken", r.Json.GetProperty("error").GetString()));
        var (_, invalid) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", "not an email"), P("role_id", role)]);
        Assert.Equal(422, invalid.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Token_use_is_recorded_in_batches()
    {
        var (userId, token) = await CreateUserWithTokenAsync("usage@example.com", "agent");
        Assert.Equal(200, (await app.GetAsync("1.0/content_threads", token)).Status);
        await app.Host.Services.GetRequiredService<TokenUsage>().FlushAsync(CancellationToken.None);
        var (_, list) = await app.GetAsync($"1.0/access_tokens?user_id={userId}");
        Assert.NotEqual(JsonValueKind.Null, list.GetProperty("records")[0].GetProperty("last_used_at").ValueKind);
    }

    [Fact]
    public async Task Secrets_and_tokens_never_appear_in_answers_to_GET_or_in_logs()
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Secretive"), P("active", "true")]);
        var secret = created.GetProperty("secret").GetString()!;
        var (_, sourcesJson) = await app.GetAsync("1.0/content_sources?limit=150");
        Assert.DoesNotContain(secret, sourcesJson.GetRawText());
        Assert.DoesNotContain(app.Bootstrap.SourceSecret, sourcesJson.GetRawText());
        await app.PushAsync(EngageFixture.Message("s-1", "secret-thread", "x"), created.GetProperty("id").GetString(), secret);
        await app.PushAsync(EngageFixture.Message("s-2", "secret-thread", "x"), created.GetProperty("id").GetString(), "wrong-secret-value");
        var (_, token) = await CreateUserWithTokenAsync("logs@example.com", "agent");
        await app.GetAsync("1.0/content_threads", token);
        await app.GetAsync($"1.0/content_threads?access_token={token}");
        var logs = string.Join('\n', app.Logs.Lines);
        Assert.NotEmpty(app.Logs.Lines);
        foreach (var value in new[] { secret, app.Bootstrap.SourceSecret, app.AdminToken, token })
        {
            Assert.DoesNotContain(value, logs);
        }
    }
}
