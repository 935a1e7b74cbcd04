using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// A bot as Engage bots are written, for the end-to-end test: a webhook endpoint that answers the handshake and, on
/// each <c>content.imported</c>, reads the content, engages it (<c>POST /1.0/bots/engage</c>), replies
/// (<c>POST /1.0/contents</c> as JSON) and completes (<c>POST /1.0/bots/complete</c>) before answering the delivery,
/// calling back into the API with its own token.
/// </summary>
public sealed class SampleBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _api;

    private SampleBot(WebApplication app, HttpClient api) => (_app, _api) = (app, api);

    /// <summary>Every event type received, in arrival order.</summary>
    public ConcurrentQueue<string> EventsSeen { get; } = new();

    /// <summary>Each API call the bot made and its HTTP status, in order.</summary>
    public ConcurrentQueue<(string Call, int Status)> Calls { get; } = new();

    /// <summary>The webhook URL.</summary>
    public string Url => _app.Urls.First() + "/bot";

    /// <summary>Starts the bot on a free loopback port, calling <paramref name="apiBase"/> with <paramref name="token"/>.</summary>
    public static async Task<SampleBot> StartAsync(Uri apiBase, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new HttpClient { BaseAddress = apiBase };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var bot = new SampleBot(app, api);
        app.MapGet("/bot", (HttpContext c) => Results.Text(c.Request.Query["hub.challenge"].ToString()));
        app.MapPost("/bot", async (HttpContext c) =>
        {
            using var doc = await JsonDocument.ParseAsync(c.Request.Body);
            foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                var type = e.GetProperty("type").GetString()!;
                bot.EventsSeen.Enqueue(type);
                if (type == "content.imported") await bot.AnswerAsync(e.GetProperty("resource").GetProperty("id").GetString()!);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        return bot;
    }

    private async Task AnswerAsync(string contentId)
    {
        var content = await CallAsync("GET content", HttpMethod.Get, $"1.0/contents/{contentId}", null);
        var engaged = await CallAsync("engage", HttpMethod.Post, $"1.0/bots/engage?content_id={contentId}", null);
        var reply = JsonSerializer.Serialize(new { body = "Echo: " + content.GetProperty("body").GetString(), in_reply_to_id = contentId, @private = false });
        await CallAsync("reply", HttpMethod.Post, "1.0/contents", reply);
        await CallAsync("complete", HttpMethod.Post, $"1.0/bots/complete?intervention_id={engaged.GetProperty("id").GetString()}&close_thread=false", null);
    }

    private async Task<JsonElement> CallAsync(string name, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _api.SendAsync(request);
        Calls.Enqueue((name, (int)response.StatusCode));
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }
}
