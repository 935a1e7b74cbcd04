using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.IntegrationTests.Api;

namespace Engage.IntegrationTests.Faults;

/// <summary>What the fault cases do over HTTP, as a bridge, an agent and a reader would: shared so each case stays about its fault.</summary>
public static class FaultApi
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    /// <summary>An active source posting to <paramref name="bridge"/> (its secret is set on the bridge); returns id and secret.</summary>
    public static async Task<(string SourceId, string Secret)> BridgeSourceAsync(EngageFixture app, TestBridge bridge, string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("endpoint_url", bridge.Url)]);
        var secret = created.GetProperty("secret").GetString()!;
        bridge.Secret = secret;
        var sourceId = created.GetProperty("id").GetString()!;
        var (_, active) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        Assert.True(active.GetProperty("active").GetBoolean(), active.ToString());
        return (sourceId, secret);
    }

    /// <summary>An active source without an endpoint; returns id and secret.</summary>
    public static async Task<(string SourceId, string Secret)> SourceAsync(EngageFixture app, string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>A webhook of the admin on <paramref name="sourceId"/> for <paramref name="events"/>; returns its id.</summary>
    public static async Task<string> WebhookAsync(EngageFixture app, TestWebhookEndpoint endpoint, string sourceId, params string[] events)
    {
        List<KeyValuePair<string, string>> form = [P("url", endpoint.Url), P("source_filter", "none_except"), P("source_ids[]", sourceId)];
        form.AddRange(events.Select(e => P("registered_events[]", e)));
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", form);
        Assert.True(status == 200 && created.GetProperty("active").GetBoolean(), created.ToString());
        return created.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// Pushes one message as a bridge does: until it is acknowledged (2xx), again with the same id after any failure
    /// (5xx, reset, timeout). Returns how many tries it took.
    /// </summary>
    public static async Task<int> PushUntilAcknowledgedAsync(EngageFixture app, string body, string sourceId, string secret, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        for (var tries = 1; ; tries++)
        {
            try
            {
                using var response = await app.PushAsync(body, sourceId, secret);
                if (response.IsSuccessStatusCode) return tries;
                if ((int)response.StatusCode is >= 400 and < 500) throw new InvalidOperationException($"Push refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Push not acknowledged after {tries} tries: {body}");
            await Task.Delay(200);
        }
    }

    /// <summary>The thread of <paramref name="foreignId"/> on <paramref name="sourceId"/>.</summary>
    public static async Task<JsonElement> ThreadAsync(EngageFixture app, string sourceId, string foreignId)
    {
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        return threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == foreignId);
    }

    /// <summary>Every record of a list, page by page (150 a page).</summary>
    public static async Task<List<JsonElement>> AllAsync(EngageFixture app, string path)
    {
        var all = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        while (true)
        {
            var (status, page) = await app.GetAsync($"{path}{separator}limit=150&offset={all.Count}");
            Assert.True(status == 200, page.ToString());
            var records = page.GetProperty("records").EnumerateArray().ToList();
            all.AddRange(records);
            if (records.Count < 150) return all;
        }
    }

    /// <summary>The contents of a thread, oldest first.</summary>
    public static async Task<List<JsonElement>> ContentsAsync(EngageFixture app, string threadId) =>
        (await AllAsync(app, $"1.0/contents?q=" + Uri.EscapeDataString($"thread:\"{threadId}\""))).OrderBy(c => c.GetProperty("sequence").GetInt64()).ToList();

    /// <summary>The logged events matching <paramref name="q"/> (the events search syntax).</summary>
    public static Task<List<JsonElement>> EventsAsync(EngageFixture app, string q) => AllAsync(app, "1.0/events?q=" + Uri.EscapeDataString(q));

    /// <summary>Opens an intervention on <paramref name="contentId"/> and replies to it as the admin; returns the intervention and reply ids.</summary>
    public static async Task<(string InterventionId, string ReplyId)> EngageAndReplyAsync(EngageFixture app, string contentId, string body)
    {
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        Assert.True(opened == 200, intervention.ToString());
        var (replied, reply) = await ReplyAsync(app, contentId, body);
        Assert.True(replied == 200, reply.ToString());
        return (intervention.GetProperty("id").GetString()!, reply.GetProperty("id").GetString()!);
    }

    /// <summary>An agent's reply to <paramref name="contentId"/> (<c>POST /1.0/contents</c>).</summary>
    public static async Task<(int Status, JsonElement Json)> ReplyAsync(EngageFixture app, string contentId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body, in_reply_to_id = contentId }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    /// <summary>The content pushed with <paramref name="foreignId"/> into <paramref name="threadId"/>.</summary>
    public static async Task<string> ContentIdAsync(EngageFixture app, string threadId, string foreignId) =>
        (await ContentsAsync(app, threadId)).Single(c => c.GetProperty("foreign_id").GetString() == foreignId).GetProperty("id").GetString()!;

    /// <summary>Polls <c>GET /1.0/contents/{id}</c> until <paramref name="condition"/> holds; fails with the last answer.</summary>
    public static async Task<JsonElement> WaitForContentAsync(EngageFixture app, string id, Func<JsonElement, bool> condition, int seconds = 40)
    {
        JsonElement last = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () => condition(last = (await app.GetAsync($"1.0/contents/{id}")).Json), TimeSpan.FromSeconds(seconds)),
            $"content never reached the state: {last}");
        return last;
    }
}
