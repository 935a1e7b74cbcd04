using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Webhooks;
using Engage.Cli;
using Engage.IntegrationTests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Issue 5, items 1, 2 and 8 over HTTP: webhook registration, the verification handshake, who sees which webhook, and
/// endpoint URLs that may not reach private networks.
/// </summary>
public class WebhookTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private static readonly string[] Imported = ["content.imported"];

    private async Task<(int Status, JsonElement Json)> SendJsonAsync(HttpMethod method, string path, JsonObject body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    private Task<(int Status, JsonElement Json)> CreateAsync(string url, string? token = null, params KeyValuePair<string, string>[] extra) =>
        app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", [P("url", url), P("registered_events[]", "content.imported"), .. extra], token);

    private Task<(int Status, JsonElement Json)> UpdateAsync(string id, string? token = null, params KeyValuePair<string, string>[] form) =>
        app.SendFormAsync(HttpMethod.Put, $"1.0/webhooks/{id}", form, token);

    private async Task<string> AgentTokenAsync()
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "agent").GetProperty("id").GetString()!;
        var (status, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", $"hook-{Guid.NewGuid():N}@example.com"), P("role_id", roleId)]);
        Assert.Equal(200, status);
        var (tokenStatus, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", user.GetProperty("id").GetString()!), P("label", "hooks")]);
        Assert.Equal(200, tokenStatus);
        return token.GetProperty("token").GetString()!;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_webhook_whose_endpoint_echoes_the_challenge_is_created_active_and_its_secret_is_never_shown()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (status, created) = await SendJsonAsync(HttpMethod.Post, "1.0/webhooks", new JsonObject
        {
            ["url"] = endpoint.Url,
            ["name"] = "My bot",
            ["verify_token"] = "verify-me",
            ["secret"] = "s3cret-webhook-value",
            ["staging_use"] = true,
            ["registered_events"] = new JsonArray("content.imported", "intervention.closed"),
            ["source_filter"] = "none_except",
            ["source_ids"] = new JsonArray(app.Bootstrap.SourceId),
        });
        Assert.True(status == 200, created.ToString());
        Assert.True(created.GetProperty("active").GetBoolean());
        Assert.Equal("active", created.GetProperty("webhook_status").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("verification_error").ValueKind);
        Assert.Equal("My bot", created.GetProperty("name").GetString());
        Assert.Equal(endpoint.Url, created.GetProperty("url").GetString());
        Assert.Equal("verify-me", created.GetProperty("verify_token").GetString());
        Assert.True(created.GetProperty("staging_use").GetBoolean());
        Assert.Equal(["content.imported", "intervention.closed"], created.GetProperty("registered_events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("none_except", created.GetProperty("source_filter").GetString());
        Assert.Equal([app.Bootstrap.SourceId], created.GetProperty("source_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.True(created.GetProperty("has_secret").GetBoolean());
        Assert.Equal(24, created.GetProperty("api_access_token").GetProperty("id").GetString()!.Length);
        Assert.DoesNotContain("s3cret-webhook-value", created.ToString());

        var handshake = Assert.Single(endpoint.Handshakes);
        Assert.Equal("subscribe", handshake.Mode);
        Assert.Equal("verify-me", handshake.VerifyToken);
        Assert.Equal("s3cret-webhook-value", handshake.Secret);
        Assert.False(string.IsNullOrEmpty(handshake.Challenge));

        var id = created.GetProperty("id").GetString()!;
        var (shown, webhook) = await app.GetAsync($"1.0/webhooks/{id}");
        Assert.Equal(200, shown);
        Assert.True(webhook.GetProperty("active").GetBoolean());
        Assert.DoesNotContain("s3cret-webhook-value", webhook.ToString());
        var (listed, list) = await app.GetAsync("1.0/webhooks?limit=150");
        Assert.Equal(200, listed);
        Assert.Contains(list.GetProperty("records").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("s3cret-webhook-value", StringComparison.Ordinal) || line.Contains("verify-me", StringComparison.Ordinal));

        // What delivery reads: the active webhook, its events, filter and secret in clear.
        var active = await app.Host.Services.GetRequiredService<WebhookStore>().ListActiveAsync(CancellationToken.None);
        var hook = Assert.Single(active, w => w.Id == id);
        Assert.Equal("s3cret-webhook-value", hook.Secret);
        Assert.True(hook.Wants("content.imported", app.Bootstrap.SourceId));
        Assert.False(hook.Wants("content.imported", "000000000000000000000000"));
        Assert.False(hook.Wants("intervention.opened", app.Bootstrap.SourceId));
    }

    [Theory]
    [InlineData("wrong body", "not exactly the hub.challenge")]
    [InlineData("HTTP 500", "HTTP 500")]
    [InlineData("unreachable", "verification request failed")]
    public async Task A_webhook_whose_endpoint_fails_the_handshake_is_saved_inactive_with_the_reason(string failure, string reason)
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.Respond = failure switch
        {
            "wrong body" => h => (200, h.Challenge + "\n"),
            "HTTP 500" => _ => (500, "oops"),
            _ => h => (200, h.Challenge!),
        };
        var url = failure == "unreachable" ? $"http://127.0.0.1:{ClosedPort()}/hook" : endpoint.Url;
        var (status, created) = await CreateAsync(url);
        Assert.True(status == 200, created.ToString());
        Assert.False(created.GetProperty("active").GetBoolean());
        Assert.Equal("verification_failed", created.GetProperty("webhook_status").GetString());
        Assert.Contains(reason, created.GetProperty("verification_error").GetString());

        var id = created.GetProperty("id").GetString()!;
        var active = await app.Host.Services.GetRequiredService<WebhookStore>().ListActiveAsync(CancellationToken.None);
        Assert.DoesNotContain(active, w => w.Id == id);
    }

    [Fact]
    public async Task A_url_is_unique_per_access_token_but_another_token_may_use_it()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        Assert.Equal(200, (await CreateAsync(endpoint.Url)).Status);

        var (duplicate, error) = await CreateAsync(endpoint.Url);
        Assert.Equal(422, duplicate);
        Assert.Equal("duplicate_url", error.GetProperty("error").GetString());
        Assert.Equal(422, error.GetProperty("status").GetInt32());
        var (respelled, _) = await CreateAsync(endpoint.Url.Replace("http://", "HTTP://", StringComparison.Ordinal));
        Assert.Equal(422, respelled);

        var (other, created) = await CreateAsync(endpoint.Url, await AgentTokenAsync());
        Assert.True(other == 200, created.ToString());
        Assert.True(created.GetProperty("active").GetBoolean());
    }

    [Theory]
    [InlineData("no events", "missing_parameter")]
    [InlineData("unknown event", "invalid_parameter")]
    [InlineData("non-ASCII secret", "invalid_parameter")]
    [InlineData("256-character secret", "invalid_parameter")]
    [InlineData("no url", "missing_parameter")]
    [InlineData("ftp url", "invalid_parameter")]
    [InlineData("unknown source", "invalid_parameter")]
    [InlineData("unknown filter", "invalid_parameter")]
    public async Task Invalid_registrations_are_422_and_never_call_the_endpoint(string invalid, string error)
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        List<KeyValuePair<string, string>> form = invalid switch
        {
            "no events" => [P("url", endpoint.Url)],
            "unknown event" => [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("registered_events[]", "task.created")],
            "non-ASCII secret" => [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("secret", "café-secret")],
            "256-character secret" => [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("secret", new string('x', 256))],
            "no url" => [P("registered_events[]", "content.imported")],
            "ftp url" => [P("url", "ftp://example.com/hook"), P("registered_events[]", "content.imported")],
            "unknown source" => [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("source_ids[]", "000000000000000000000000")],
            _ => [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("source_filter", "some")],
        };
        var (status, body) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", form);
        Assert.Equal(422, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Empty(endpoint.Handshakes);
    }

    [Fact]
    public async Task A_255_character_ASCII_secret_is_accepted()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var secret = new string('k', 255);
        var (status, created) = await CreateAsync(endpoint.Url, null, P("secret", secret));
        Assert.True(status == 200, created.ToString());
        Assert.Equal(secret, Assert.Single(endpoint.Handshakes).Secret);
    }

    [Fact]
    public async Task Updates_verify_again_on_reactivation_and_on_a_secret_change_but_not_for_a_new_name()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (_, created) = await CreateAsync(endpoint.Url, null, P("secret", "first-secret"));
        var id = created.GetProperty("id").GetString()!;
        Assert.Single(endpoint.Handshakes);

        var (renamed, webhook) = await UpdateAsync(id, null, P("name", "Renamed"), P("registered_events[]", "intervention.opened"));
        Assert.Equal(200, renamed);
        Assert.Equal("Renamed", webhook.GetProperty("name").GetString());
        Assert.Equal(["intervention.opened"], webhook.GetProperty("registered_events").EnumerateArray().Select(e => e.GetString()));
        Assert.True(webhook.GetProperty("active").GetBoolean());
        Assert.Single(endpoint.Handshakes);

        var (_, off) = await UpdateAsync(id, null, P("active", "false"));
        Assert.False(off.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", off.GetProperty("webhook_status").GetString());
        Assert.Single(endpoint.Handshakes);

        var (_, on) = await UpdateAsync(id, null, P("active", "true"));
        Assert.True(on.GetProperty("active").GetBoolean());
        Assert.Equal(2, endpoint.Handshakes.Count);
        Assert.Equal("first-secret", endpoint.Handshakes.Last().Secret);

        // A new secret is verified with the new secret; an endpoint that now refuses leaves it inactive, saying why.
        endpoint.Respond = _ => (403, "no");
        var (_, rotated) = await UpdateAsync(id, null, P("secret", "second-secret"));
        Assert.Equal(3, endpoint.Handshakes.Count);
        Assert.Equal("second-secret", endpoint.Handshakes.Last().Secret);
        Assert.False(rotated.GetProperty("active").GetBoolean());
        Assert.Equal("verification_failed", rotated.GetProperty("webhook_status").GetString());
        Assert.Contains("HTTP 403", rotated.GetProperty("verification_error").GetString());

        endpoint.Respond = h => (200, h.Challenge!);
        var (_, fixedHook) = await UpdateAsync(id, null, P("active", "true"));
        Assert.True(fixedHook.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fixedHook.GetProperty("verification_error").ValueKind);
        Assert.Equal("second-secret", endpoint.Handshakes.Last().Secret);

        // An empty secret removes it: the next handshake carries no X-Dimelo-Secret.
        var (_, cleared) = await UpdateAsync(id, null, P("secret", ""));
        Assert.False(cleared.GetProperty("has_secret").GetBoolean());
        Assert.False(endpoint.Handshakes.Last().HasSecretHeader);
        Assert.Equal(5, endpoint.Handshakes.Count);
    }

    [Fact]
    public async Task Two_racing_updates_of_one_webhook_both_land()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (_, created) = await CreateAsync(endpoint.Url);
        var id = created.GetProperty("id").GetString()!;

        var results = await Task.WhenAll(
            UpdateAsync(id, null, P("name", "Raced")),
            UpdateAsync(id, null, P("staging_use", "true")),
            UpdateAsync(id, null, P("verify_token", "raced-token")));
        Assert.All(results, r => Assert.Equal(200, r.Status));

        var (_, webhook) = await app.GetAsync($"1.0/webhooks/{id}");
        Assert.Equal("Raced", webhook.GetProperty("name").GetString());
        Assert.True(webhook.GetProperty("staging_use").GetBoolean());
        Assert.Equal("raced-token", webhook.GetProperty("verify_token").GetString());
        Assert.True(webhook.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_write_from_a_stale_read_is_refused_so_no_update_is_lost()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (_, created) = await CreateAsync(endpoint.Url);
        var id = created.GetProperty("id").GetString()!;
        var store = app.Host.Services.GetRequiredService<WebhookStore>();
        var first = (await store.FindAsync(id, CancellationToken.None))!;
        var second = (await store.FindAsync(id, CancellationToken.None))!;

        first.Name = "First";
        Assert.True(await store.TrySaveAsync(first, first.Url, CancellationToken.None));
        second.Name = "Second";
        Assert.False(await store.TrySaveAsync(second, second.Url, CancellationToken.None));
        Assert.False(await store.TryDeleteAsync(second, CancellationToken.None));
        Assert.Equal("First", (await app.GetAsync($"1.0/webhooks/{id}")).Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_token_sees_and_changes_only_its_users_webhooks_while_an_admin_sees_and_changes_all()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var agent = await AgentTokenAsync();
        var (_, adminHook) = await CreateAsync(endpoint.Url);
        var adminHookId = adminHook.GetProperty("id").GetString()!;
        var (_, agentHook) = await CreateAsync(endpoint.Url, agent);
        var agentHookId = agentHook.GetProperty("id").GetString()!;

        var (_, agentList) = await app.GetAsync("1.0/webhooks", agent);
        Assert.Equal([agentHookId], agentList.GetProperty("records").EnumerateArray().Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(1, agentList.GetProperty("count").GetInt32());
        Assert.Equal(404, (await app.GetAsync($"1.0/webhooks/{adminHookId}", agent)).Status);
        var (notFound, error) = await UpdateAsync(adminHookId, agent, P("name", "Stolen"));
        Assert.Equal(404, notFound);
        Assert.Equal("not_found", error.GetProperty("error").GetString());
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/webhooks/{adminHookId}", [], agent)).Status);
        Assert.Equal(200, (await app.GetAsync($"1.0/webhooks/{adminHookId}")).Status);

        var (_, adminList) = await app.GetAsync("1.0/webhooks?limit=150");
        var ids = adminList.GetProperty("records").EnumerateArray().Select(w => w.GetProperty("id").GetString()).ToList();
        Assert.Contains(adminHookId, ids);
        Assert.Contains(agentHookId, ids);
        var (changed, renamed) = await UpdateAsync(agentHookId, null, P("name", "Seen by admin"));
        Assert.Equal(200, changed);
        Assert.Equal("Seen by admin", renamed.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Lists_page_with_offset_and_limit_and_put_active_webhooks_first()
    {
        await using var good = await TestWebhookEndpoint.StartAsync();
        await using var bad = await TestWebhookEndpoint.StartAsync();
        bad.Respond = _ => (500, "down");
        var agent = await AgentTokenAsync();
        var (_, inactive) = await CreateAsync(bad.Url, agent);
        var (_, active) = await CreateAsync(good.Url, agent);

        var (_, page) = await app.GetAsync("1.0/webhooks?offset=0&limit=1", agent);
        Assert.Equal(2, page.GetProperty("count").GetInt32());
        Assert.Equal(1, page.GetProperty("limit").GetInt32());
        Assert.Equal(active.GetProperty("id").GetString(), Assert.Single(page.GetProperty("records").EnumerateArray()).GetProperty("id").GetString());
        var (_, second) = await app.GetAsync("1.0/webhooks?offset=1&limit=1", agent);
        Assert.Equal(inactive.GetProperty("id").GetString(), Assert.Single(second.GetProperty("records").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(422, (await app.GetAsync("1.0/webhooks?limit=151", agent)).Status);
    }

    [Fact]
    public async Task Deleting_answers_the_webhook_and_frees_its_url()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (_, created) = await CreateAsync(endpoint.Url);
        var id = created.GetProperty("id").GetString()!;

        var (deleted, webhook) = await app.SendFormAsync(HttpMethod.Delete, $"1.0/webhooks/{id}", []);
        Assert.Equal(200, deleted);
        Assert.Equal(id, webhook.GetProperty("id").GetString());
        Assert.Equal(404, (await app.GetAsync($"1.0/webhooks/{id}")).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/webhooks/{id}", [])).Status);
        var active = await app.Host.Services.GetRequiredService<WebhookStore>().ListActiveAsync(CancellationToken.None);
        Assert.DoesNotContain(active, w => w.Id == id);

        Assert.Equal(200, (await CreateAsync(endpoint.Url)).Status);
    }

    [Theory]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.1.10:8080/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::ffff:172.16.0.1]/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://0.0.0.0:7071/hook")]
    public async Task Urls_on_private_link_local_or_unspecified_addresses_are_refused_for_webhooks_and_sources(string url)
    {
        var (status, error) = await CreateAsync(url);
        Assert.Equal(422, status);
        Assert.Equal("forbidden_endpoint", error.GetProperty("error").GetString());

        var (sourceStatus, sourceError) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Internal"), P("endpoint_url", url)]);
        Assert.Equal(422, sourceStatus);
        Assert.Equal("forbidden_endpoint", sourceError.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_webhook_moved_to_a_private_address_is_refused_and_keeps_its_url()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (_, created) = await CreateAsync(endpoint.Url);
        var id = created.GetProperty("id").GetString()!;
        var (status, _) = await UpdateAsync(id, null, P("url", "http://10.0.0.5/hook"));
        Assert.Equal(422, status);
        var (_, webhook) = await app.GetAsync($"1.0/webhooks/{id}");
        Assert.Equal(endpoint.Url, webhook.GetProperty("url").GetString());
        Assert.True(webhook.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task The_cli_lists_webhooks_with_their_name_and_status()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var agent = await AgentTokenAsync();
        await CreateAsync(endpoint.Url, agent, P("name", "cli-listed-hook"));

        var table = await CliRunner.RunAsync(app, agent, "webhooks", "list");
        Assert.True(table.Code == ExitCodes.Success, table.ToString());
        Assert.Contains("cli-listed-hook", table.Out);
        Assert.Contains("active", table.Out);
        var json = await CliRunner.RunAsync(app, agent, "webhooks", "list", "--json");
        Assert.Equal("cli-listed-hook", Assert.Single(json.Json.GetProperty("records").EnumerateArray()).GetProperty("name").GetString());
    }
}
