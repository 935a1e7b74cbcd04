using System.Text;
using System.Text.Json;
using Engage.Application.Messaging;
using Engage.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <see cref="EngageFixture"/> whose app reads a clock the test can move forward (system time plus an offset), so
/// a typing notice is seen to expire without sleeping.
/// </summary>
public sealed class ShiftedClockFixture : EngageFixture
{
    /// <summary>The app's clock.</summary>
    public ShiftedClock Clock { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>System time plus <see cref="Advance"/>s: timers still run in real time.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}

/// <summary>
/// Visitor typing notices (issue 8) over HTTP against real Azurite: <c>POST /messaging/{source_id}/typing</c> and the
/// <c>visitor_typing</c> field of the visitor's thread on <c>GET /1.0/content_threads/{id}</c>.
/// </summary>
public class MessagingTypingTests(ShiftedClockFixture app) : IClassFixture<ShiftedClockFixture>
{
    private const string Site = "https://shop.example";

    private async Task<(string Id, string Secret)> SourceAsync()
    {
        var (status, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources",
            [new("name", "Web chat typing"), new("type", "messaging"), new("active", "true"), new("allowed_origins[]", Site)]);
        Assert.True(status == 200, source.ToString());
        return (source.GetProperty("id").GetString()!, source.GetProperty("secret").GetString()!);
    }

    private async Task<(int Status, JsonElement Json)> SendAsync(string sourceId, string? token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"messaging/{sourceId}/{path}")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", Site);
        if (token is not null) request.Headers.Add("X-Visitor-Token", token);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    // A visitor with a thread: its token and thread id.
    private async Task<(string Token, string ThreadId)> VisitorAsync(string sourceId)
    {
        var (started, session) = await SendAsync(sourceId, null, "sessions", new { });
        Assert.True(started == 200, session.ToString());
        var token = session.GetProperty("visitor_token").GetString()!;
        var (sent, message) = await SendAsync(sourceId, token, "messages", new { body = "Hello", client_message_id = "m1" });
        Assert.True(sent == 200, message.ToString());
        var (_, content) = await app.GetAsync($"1.0/contents/{message.GetProperty("id").GetString()}");
        return (token, content.GetProperty("thread_id").GetString()!);
    }

    private async Task Typing(string sourceId, string token, string state)
    {
        var (status, answer) = await SendAsync(sourceId, token, "typing", new { state });
        Assert.True(status == 200, answer.ToString());
        Assert.Equal(state, answer.GetProperty("state").GetString());
    }

    private async Task<bool> ShowsTyping(string threadId)
    {
        var (status, thread) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.True(status == 200, thread.ToString());
        return thread.GetProperty("visitor_typing").GetBoolean();
    }

    [Fact]
    public async Task A_start_shows_on_the_thread_until_it_expires_by_itself_or_a_stop_clears_it()
    {
        var (sourceId, _) = await SourceAsync();
        var (token, threadId) = await VisitorAsync(sourceId);
        Assert.False(await ShowsTyping(threadId));

        await Typing(sourceId, token, "start");
        Assert.True(await ShowsTyping(threadId));
        app.Clock.Advance(MessagingRules.TypingLifetime + TimeSpan.FromSeconds(1));
        Assert.False(await ShowsTyping(threadId));

        await Typing(sourceId, token, "start");
        Assert.True(await ShowsTyping(threadId));
        await Typing(sourceId, token, "stop");
        Assert.False(await ShowsTyping(threadId));
        // A start right after a stop is stored; a second one within 2 seconds answers ok without a write.
        await Typing(sourceId, token, "start");
        await Typing(sourceId, token, "start");
        Assert.True(await ShowsTyping(threadId));
        await Typing(sourceId, token, "stop");
        await Typing(sourceId, token, "stop");
        Assert.False(await ShowsTyping(threadId));

        // Threads that are no visitor's have no such field.
        using var push = await app.PushAsync(EngageFixture.Message("typing-1", "typing-thread", "hi"));
        Assert.True(push.IsSuccessStatusCode);
        var (_, sdkThreads) = await app.GetAsync($"1.0/content_threads?q=source:{app.Bootstrap.SourceId}");
        var (_, sdkThread) = await app.GetAsync($"1.0/content_threads/{sdkThreads.GetProperty("records")[0].GetProperty("id").GetString()}");
        Assert.False(sdkThread.TryGetProperty("visitor_typing", out _));
    }

    [Fact]
    public async Task A_bad_state_is_422_and_a_forged_or_other_sources_token_is_401()
    {
        var (sourceId, _) = await SourceAsync();
        var (otherId, _) = await SourceAsync();
        var (token, threadId) = await VisitorAsync(sourceId);
        var (otherToken, _) = await VisitorAsync(otherId);

        foreach (var body in new object[] { new { state = "typing" }, new { state = "" }, new { } })
        {
            var (status, error) = await SendAsync(sourceId, token, "typing", body);
            Assert.Equal(422, status);
            Assert.Equal(422, error.GetProperty("status").GetInt32());
            Assert.Contains(error.GetProperty("error").GetString(), new[] { "invalid_parameter", "missing_parameter" });
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        }

        var forged = VisitorToken.Issue(VisitorToken.DeriveKey("a-forged-secret-123456"), sourceId, "v", DateTimeOffset.UtcNow.AddHours(1));
        foreach (var (bad, code) in new[] { (otherToken, "visitor_token_wrong_source"), (forged, "invalid_visitor_token") })
        {
            var (status, error) = await SendAsync(sourceId, bad, "typing", new { state = "start" });
            Assert.Equal((401, 401, code), (status, error.GetProperty("status").GetInt32(), error.GetProperty("error").GetString()));
        }
        var (missing, _) = await SendAsync(sourceId, null, "typing", new { state = "start" });
        Assert.Equal(401, missing);
        Assert.False(await ShowsTyping(threadId));
    }
}
