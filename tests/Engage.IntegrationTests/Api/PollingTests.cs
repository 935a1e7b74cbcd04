using System.Text.Json;
using Engage.Application.Polling;
using Engage.Application.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>Polling channel SDK sources: signed list calls with since_id, idempotent imports, and a bad bridge isolated.</summary>
public class PollingTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private static string Message(string id, string body) =>
        $$"""{"id":"{{id}}","thread_id":"poll-thread","body":"{{body}}","author":{"id":"poll-user","screenname":"Pat"},"created_at":"2024-05-0{{id[^1]}}T10:00:00Z"}""";

    private async Task<string> SourceAsync(TestBridge bridge, string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("endpoint_url", bridge.Url)]);
        bridge.Secret = created.GetProperty("secret").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        var (_, active) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{id}", [P("active", "true")]);
        Assert.True(active.GetProperty("active").GetBoolean(), active.GetRawText());
        return id;
    }

    [Fact]
    public async Task A_listing_bridge_is_polled_with_since_id_and_a_broken_one_does_not_stop_it()
    {
        await using var good = await TestBridge.StartAsync();
        good.Respond = body =>
        {
            var action = JsonDocument.Parse(body).RootElement.GetProperty("action").GetString();
            return action switch
            {
                "implementation.info" => (200, "{\"objects\":{\"messages\":[\"create\",\"list\"]},\"options\":[]}", true),
                "messages.list" when body.Contains("\"since_id\":\"p2\"") => (200, "[]", true),
                "messages.list" => (200, $"[{Message("p2", "second")},{Message("p1", "first")},{{\"id\":\"broken\"}}]", true),
                _ => (200, "{}", true),
            };
        };
        await using var broken = await TestBridge.StartAsync();
        var goodSource = await SourceAsync(good, "Listing bridge");
        var brokenSource = await SourceAsync(broken, "Broken bridge");
        broken.Respond = _ => (200, "this is not json", false);

        var poller = app.Host.Services.GetRequiredService<SourcePoller>();
        Assert.Equal(1, await poller.PollDueAsync(CancellationToken.None));

        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{goodSource}");
        var thread = Assert.Single(threads.GetProperty("records").EnumerateArray());
        Assert.Equal(2, thread.GetProperty("contents_count").GetInt32());
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{thread.GetProperty("id").GetString()}%22+order:created_at.asc");
        Assert.Equal(["first", "second"], contents.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("body").GetString()));

        // The same message pushed through the Send API stays one content.
        var source = (await app.Host.Services.GetRequiredService<SourceStore>().FindAsync(goodSource, CancellationToken.None))!;
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.PushAsync($$"""{"action":"messages.create","params":{{Message("p1", "first")}}}""", goodSource, good.Secret)).StatusCode);
        Assert.Contains("\"messages\":\"p2\"", source.PollCursorsJson);

        // The next round asks for what came after p2.
        await poller.PollAsync(source, CancellationToken.None);
        Assert.Contains(good.Received, r => r.Body.Contains("\"action\":\"messages.list\"") && r.Body.Contains("\"since_id\":\"p2\""));
        var (_, after) = await app.GetAsync($"1.0/content_threads?q=source:{goodSource}");
        Assert.Equal(2, after.GetProperty("records")[0].GetProperty("contents_count").GetInt32());
        Assert.Contains(app.Logs.Lines, l => l.Contains(brokenSource) && l.Contains("tried again next round"));
    }
}
