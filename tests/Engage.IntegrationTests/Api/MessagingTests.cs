using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Domain.Messaging;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Engage Messaging (issue 8) over HTTP against real Azurite: messaging sources and their settings, the public visitor
/// API (sessions, messages, long polling, read marks, live chat ends), replies reaching the visitor through the
/// outbound step, and every refusal in the contract's error format with nothing half-written.
/// </summary>
public class MessagingTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private const string Site = "https://shop.example";

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string Id, string Secret)> SourceAsync(string mode = "messaging", string origin = Site)
    {
        var (status, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources",
            [P("name", "Web chat " + mode), P("type", "messaging"), P("active", "true"), P("messaging_mode", mode), P("welcome_message", "Hello! How can we help?"), P("allowed_origins[]", origin)]);
        Assert.True(status == 200, source.ToString());
        return (source.GetProperty("id").GetString()!, source.GetProperty("secret").GetString()!);
    }

    /// <summary>One visitor's browser: sends the page's Origin and its visitor token.</summary>
    private sealed class Visitor(HttpClient http, string sourceId, string? origin = Site)
    {
        public string? Token { get; set; }
        public string SourceId => sourceId;

        public async Task<(int Status, JsonElement Json, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, Action<HttpRequestMessage>? customize = null)
        {
            var request = new HttpRequestMessage(method, $"messaging/{sourceId}/{path}");
            if (body is not null) request.Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            if (origin is not null) request.Headers.Add("Origin", origin);
            if (Token is not null) request.Headers.Add("X-Visitor-Token", Token);
            customize?.Invoke(request);
            var response = await http.SendAsync(request);
            return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response), response);
        }

        public async Task<JsonElement> StartAsync()
        {
            var (status, session, _) = await SendAsync(HttpMethod.Post, "sessions", new { });
            Assert.True(status == 200, session.ToString());
            Token = session.GetProperty("visitor_token").GetString();
            return session;
        }

        public async Task<JsonElement> SayAsync(string text, string? clientId = null)
        {
            var (status, message, _) = await SendAsync(HttpMethod.Post, "messages", new { body = text, client_message_id = clientId ?? Guid.NewGuid().ToString("N") });
            Assert.True(status == 200, message.ToString());
            return message;
        }

        public async Task<JsonElement> FetchAsync(long after = 0, int wait = 0)
        {
            var (status, messages, _) = await SendAsync(HttpMethod.Get, $"messages?after={after}&wait={wait}");
            Assert.True(status == 200, messages.ToString());
            return messages;
        }
    }

    [Fact]
    public async Task The_runners_demo_bot_answers_a_visitor_in_the_chat()
    {
        var (sourceId, _) = await SourceAsync();
        var bot = await Engage.LocalRunner.DemoChat.DemoChatBot.CreateAsync(app.Http, app.AdminToken, sourceId, CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var running = bot.RunAsync(TimeSpan.FromMilliseconds(200), stop.Token);
        var visitor = new Visitor(app.Http, sourceId);
        await visitor.StartAsync();
        await visitor.SayAsync("Where is my parcel?");
        await visitor.SayAsync("Order 42");
        var answered = await EngageFixture.EventuallyAsync(async () =>
            Bodies(await visitor.FetchAsync()).Count(b => b.StartsWith("agent:" + Engage.LocalRunner.DemoChat.DemoChatBot.Prefix, StringComparison.Ordinal)) == 2);
        await stop.CancelAsync();
        await running;
        Assert.True(answered, string.Join(" | ", Bodies(await visitor.FetchAsync())));
        Assert.Equal(["visitor:Where is my parcel?", "agent:Demo bot: you said Where is my parcel?", "visitor:Order 42", "agent:Demo bot: you said Order 42"],
            Bodies(await visitor.FetchAsync()).OrderBy(b => b.Contains("Order 42", StringComparison.Ordinal)).ThenBy(b => b.StartsWith("agent", StringComparison.Ordinal)));
    }

    private static string[] Bodies(JsonElement fetched) =>
        fetched.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("from").GetString() + ":" + m.GetProperty("body").GetString()).ToArray();

    // As an agent would: take the content under an intervention (already open is fine), then reply.
    private async Task<JsonElement> ReplyAsync(string contentId, string body)
    {
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        Assert.True(opened is 200 or 422, intervention.ToString());
        var (status, reply) = await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", body), P("in_reply_to_id", contentId)]);
        Assert.True(status == 200, reply.ToString());
        return reply;
    }

    [Fact]
    public async Task A_messaging_source_takes_its_settings_on_create_and_update_and_shows_them()
    {
        var (id, _) = await SourceAsync("live_chat");
        var (_, shown) = await app.GetAsync($"1.0/content_sources/{id}");
        var messaging = shown.GetProperty("messaging");
        Assert.Equal("messaging", shown.GetProperty("type").GetString());
        Assert.Equal("live_chat", messaging.GetProperty("mode").GetString());
        Assert.Equal("Hello! How can we help?", messaging.GetProperty("welcome_message").GetString());
        Assert.Equal(Site, messaging.GetProperty("allowed_origins")[0].GetString());

        var (updated, source) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{id}", [P("messaging_mode", "messaging"), P("attachment_max_count", "2")]);
        Assert.Equal(200, updated);
        Assert.Equal(("messaging", 2, Site), (source.GetProperty("messaging").GetProperty("mode").GetString(), source.GetProperty("messaging").GetProperty("attachment_max_count").GetInt32(), source.GetProperty("messaging").GetProperty("allowed_origins")[0].GetString()));

        var (refused, error) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{id}", [P("allowed_origins[]", "https://shop.example/page")]);
        Assert.Equal((422, "invalid_parameter"), (refused, error.GetProperty("error").GetString()));
        var (sdk, sdkError) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{app.Bootstrap.SourceId}", [P("messaging_mode", "live_chat")]);
        Assert.Equal((422, "invalid_parameter"), (sdk, sdkError.GetProperty("error").GetString()));
        var (_, demo) = await app.GetAsync($"1.0/content_sources/{app.Bootstrap.SourceId}");
        Assert.False(demo.TryGetProperty("messaging", out _));
    }

    [Fact]
    public async Task A_visitor_message_is_an_import_and_an_agent_reply_reaches_the_visitor_once_delivered()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        var session = await visitor.StartAsync();
        Assert.Equal(("messaging", "Hello! How can we help?"), (session.GetProperty("mode").GetString(), session.GetProperty("welcome_message").GetString()));
        Assert.Equal(JsonValueKind.Null, session.GetProperty("thread_id").ValueKind);

        var sent = await visitor.SayAsync("I need help with <b>my order</b>");
        var contentId = sent.GetProperty("id").GetString()!;
        Assert.Equal((1L, "visitor"), (sent.GetProperty("sequence").GetInt64(), sent.GetProperty("from").GetString()));

        // The agent side sees an ordinary content of the source, authored by the visitor's identity.
        var (_, content) = await app.GetAsync($"1.0/contents/{contentId}");
        Assert.Equal(("messaging", sourceId, "I need help with <b>my order</b>"), (content.GetProperty("source_type").GetString(), content.GetProperty("source_id").GetString(), content.GetProperty("body").GetString()));
        var (_, identity) = await app.GetAsync($"1.0/identities/{content.GetProperty("author_id").GetString()}");
        Assert.Equal(session.GetProperty("visitor_id").GetString(), identity.GetProperty("foreign_id").GetString());

        // A long poll waiting when the reply is posted answers with it.
        var waiting = visitor.FetchAsync(after: 1, wait: 20);
        await Task.Delay(300);
        var reply = await ReplyAsync(contentId, "Sure & <happy> to help");
        var fetched = await waiting;
        Assert.Equal(["agent:Sure & <happy> to help"], Bodies(fetched));
        Assert.Equal(2, fetched.GetProperty("last_sequence").GetInt64());
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (await app.GetAsync($"1.0/contents/{reply.GetProperty("id").GetString()}")).Json.GetProperty("synchronization_status").GetString() == "success"));

        var all = await visitor.FetchAsync();
        Assert.Equal(["visitor:I need help with <b>my order</b>", "agent:Sure & <happy> to help"], Bodies(all));
        Assert.Equal(content.GetProperty("thread_id").GetString(), all.GetProperty("thread_id").GetString());

        var (read, marked, _) = await visitor.SendAsync(HttpMethod.Post, "read", new { sequence = 2 });
        Assert.Equal((200, 2L), (read, marked.GetProperty("read_sequence").GetInt64()));
        await visitor.SendAsync(HttpMethod.Post, "read", new { sequence = 1 });
        Assert.Equal(2, (await visitor.FetchAsync(after: 2)).GetProperty("read_sequence").GetInt64());
    }

    [Fact]
    public async Task A_fetch_with_nothing_new_waits_then_answers_empty()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        await visitor.StartAsync();
        await visitor.SayAsync("hello");
        var started = DateTime.UtcNow;
        var fetched = await visitor.FetchAsync(after: 1, wait: 2);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.Empty(fetched.GetProperty("messages").EnumerateArray());
        Assert.Equal(1, fetched.GetProperty("last_sequence").GetInt64());
    }

    [Fact]
    public async Task Messaging_mode_keeps_one_thread_and_a_resume_shows_the_history_with_a_new_token()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        var first = await visitor.StartAsync();
        var sent = await visitor.SayAsync("first visit");
        await ReplyAsync(sent.GetProperty("id").GetString()!, "welcome back any time");
        var oldToken = visitor.Token;

        var resumed = await visitor.StartAsync();
        Assert.Equal(first.GetProperty("visitor_id").GetString(), resumed.GetProperty("visitor_id").GetString());
        Assert.NotEqual(oldToken, visitor.Token);
        await visitor.SayAsync("second visit");
        Assert.True(await EngageFixture.EventuallyAsync(async () => Bodies(await visitor.FetchAsync()).Length == 3));
        Assert.Equal(["visitor:first visit", "agent:welcome back any time", "visitor:second visit"], Bodies(await visitor.FetchAsync()));
        Assert.Equal(sent.GetProperty("id").GetString()![8..16], (await visitor.FetchAsync()).GetProperty("messages")[2].GetProperty("id").GetString()![8..16]);
    }

    [Fact]
    public async Task A_live_chat_ended_by_the_visitor_continues_on_a_new_thread()
    {
        var (sourceId, _) = await SourceAsync("live_chat");
        var visitor = new Visitor(app.Http, sourceId);
        await visitor.StartAsync();
        await visitor.SayAsync("first chat");
        var firstThread = (await visitor.FetchAsync()).GetProperty("thread_id").GetString();
        var (ended, _, _) = await visitor.SendAsync(HttpMethod.Post, "sessions/end", new { });
        Assert.Equal(200, ended);

        var next = await visitor.SayAsync("second chat");
        Assert.Equal(1, next.GetProperty("sequence").GetInt64());
        var fetched = await visitor.FetchAsync();
        Assert.NotEqual(firstThread, fetched.GetProperty("thread_id").GetString());
        Assert.Equal(["visitor:second chat"], Bodies(fetched));
    }

    [Fact]
    public async Task A_retried_message_with_the_same_client_id_is_stored_once()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        await visitor.StartAsync();
        var once = await visitor.SayAsync("only once", "c-1");
        var twice = await visitor.SayAsync("only once", "c-1");
        Assert.Equal(once.GetProperty("id").GetString(), twice.GetProperty("id").GetString());
        Assert.Equal(["visitor:only once"], Bodies(await visitor.FetchAsync()));
    }

    [Fact]
    public async Task Cors_preflight_and_origins_are_limited_to_the_sources_allowed_origins()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        var (pre, _, preflight) = await visitor.SendAsync(HttpMethod.Options, "messages", customize: r => r.Headers.Add("Access-Control-Request-Method", "POST"));
        Assert.Equal(204, pre);
        Assert.Equal(Site, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Visitor-Token", preflight.Headers.GetValues("Access-Control-Allow-Headers").Single());

        var stranger = new Visitor(app.Http, sourceId, "https://evil.example");
        var (refusedPre, preError, refusedPreflight) = await stranger.SendAsync(HttpMethod.Options, "messages");
        Assert.Equal((403, "origin_not_allowed"), (refusedPre, preError.GetProperty("error").GetString()));
        Assert.False(refusedPreflight.Headers.Contains("Access-Control-Allow-Origin"));
        var (refused, error, _) = await stranger.SendAsync(HttpMethod.Post, "sessions", new { });
        Assert.Equal((403, "origin_not_allowed", 403), (refused, error.GetProperty("error").GetString(), error.GetProperty("status").GetInt32()));

        var (started, _, answer) = await visitor.SendAsync(HttpMethod.Post, "sessions", new { });
        Assert.Equal(200, started);
        Assert.Equal(Site, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Bad_tokens_are_refused_clearly_and_an_access_token_is_no_visitor_token()
    {
        var (sourceId, secret) = await SourceAsync();
        var (otherId, _) = await SourceAsync();
        var other = new Visitor(app.Http, otherId);
        await other.StartAsync();

        async Task<string> Refusal(string? token, Action<HttpRequestMessage>? customize = null)
        {
            var visitor = new Visitor(app.Http, sourceId) { Token = token };
            var (status, error, _) = await visitor.SendAsync(HttpMethod.Post, "messages", new { body = "hi" }, customize);
            Assert.Equal(401, status);
            Assert.Equal(401, error.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
            return error.GetProperty("error").GetString()!;
        }

        var own = new Visitor(app.Http, sourceId);
        await own.StartAsync();
        Assert.Equal("visitor_token_wrong_source", await Refusal(other.Token));
        Assert.Equal("invalid_visitor_token", await Refusal(own.Token![..^4] + (own.Token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")));
        Assert.Equal("invalid_visitor_token", await Refusal(VisitorToken.Issue(VisitorToken.DeriveKey("a-forged-secret-123456"), sourceId, "v", DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal("visitor_token_expired", await Refusal(VisitorToken.Issue(VisitorToken.DeriveKey(secret), sourceId, "v", DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Equal("missing_visitor_token", await Refusal(null, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken)));
        // A forged resume is refused too, rather than silently becoming a new visitor.
        var (resume, resumeError, _) = await new Visitor(app.Http, sourceId) { Token = "forged.token" }.SendAsync(HttpMethod.Post, "sessions", new { });
        Assert.Equal((401, "invalid_visitor_token"), (resume, resumeError.GetProperty("error").GetString()));

        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        Assert.Equal(0, threads.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task Oversized_bodies_and_floods_are_refused_and_leave_nothing_behind()
    {
        var (sourceId, _) = await SourceAsync();
        var visitor = new Visitor(app.Http, sourceId);
        await visitor.StartAsync();

        var (large, largeError, _) = await visitor.SendAsync(HttpMethod.Post, "messages", new { body = new string('x', MessagingRules.MaxBodyBytes + 1) });
        Assert.Equal((413, "request_entity_too_large"), (large, largeError.GetProperty("error").GetString()));
        var (longBody, longError, _) = await visitor.SendAsync(HttpMethod.Post, "messages", new { body = new string('x', MessagingRules.MaxMessageLength + 1) });
        Assert.Equal((422, "invalid_parameter"), (longBody, longError.GetProperty("error").GetString()));
        var (notJson, notJsonError, _) = await visitor.SendAsync(HttpMethod.Post, "messages", "{not json");
        Assert.Equal((400, "bad_request"), (notJson, notJsonError.GetProperty("error").GetString()));
        Assert.Empty((await visitor.FetchAsync()).GetProperty("messages").EnumerateArray());

        // The windows are wall-clock minutes: start the flood well inside one, so it cannot straddle two.
        while (DateTime.UtcNow.Second >= 45) await Task.Delay(500);
        var accepted = 0;
        var refusals = new List<string>();
        for (var i = 0; i < MessagingRules.MessagesPerVisitor + 5; i++)
        {
            var (status, answer, _) = await visitor.SendAsync(HttpMethod.Post, "messages", new { body = $"flood {i}", client_message_id = $"f{i}" });
            if (status == 200) accepted++;
            else refusals.Add($"{status}:{answer.GetProperty("error").GetString()}");
        }
        Assert.Equal(MessagingRules.MessagesPerVisitor, accepted);
        Assert.All(refusals, r => Assert.Equal("429:rate_limit_exceeded", r));
        Assert.Equal(accepted, (await visitor.FetchAsync()).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Unknown_and_non_messaging_sources_are_not_found()
    {
        var (status, error, _) = await new Visitor(app.Http, app.Bootstrap.SourceId).SendAsync(HttpMethod.Post, "sessions", new { });
        Assert.Equal((404, "not_found"), (status, error.GetProperty("error").GetString()));
        var (unknown, _, _) = await new Visitor(app.Http, "ffffffffffffffffffffffff").SendAsync(HttpMethod.Post, "sessions", new { });
        Assert.Equal(404, unknown);
    }
}
