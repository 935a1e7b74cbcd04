using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Domain.Channel;
using Engage.LocalRunner.DemoBridge;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.Benchmarks.Flow;

/// <summary>
/// The two outside parties of the end-to-end run, served by the bench process on one loopback port:
/// <list type="bullet">
/// <item><c>/bridge</c>: the source's channel SDK endpoint, as the demo bridge answers (signed capabilities to
/// <c>implementation.info</c>, <c>{"id"}</c> to <c>*.create</c>), noting when each reply arrives;</item>
/// <item><c>/bot</c>: a bot's webhook, as bots are written: it answers the handshake and, for each
/// <c>content.imported</c> of a bench message, notes the arrival, then engages (or answers in the intervention the
/// message reopened), replies and completes through the
/// REST API with its own token before answering the delivery.</item>
/// </list>
/// Arrival times are <see cref="Stopwatch"/> timestamps, keyed by the message's marker (its first word).
/// </summary>
public sealed class BenchEndpoints : IAsyncDisposable
{
    private readonly WebApplication _app;
    private HttpClient? _api;

    private BenchEndpoints(WebApplication app) => _app = app;

    /// <summary>When each marked customer message reached the bot's webhook.</summary>
    public ConcurrentDictionary<string, long> WebhookArrivals { get; } = new(StringComparer.Ordinal);

    /// <summary>When the bot's reply to each marked message reached the bridge.</summary>
    public ConcurrentDictionary<string, long> ReplyArrivals { get; } = new(StringComparer.Ordinal);

    /// <summary>Bot API calls that did not answer 200 (should stay empty).</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    /// <summary>The source's secret: signs the bridge's answers.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The bridge's URL (the source's <c>endpoint_url</c>).</summary>
    public string BridgeUrl => _app.Urls.First() + "/bridge";

    /// <summary>The bot's webhook URL.</summary>
    public string BotUrl => _app.Urls.First() + "/bot";

    /// <summary>Starts both on a free loopback port.</summary>
    public static async Task<BenchEndpoints> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var endpoints = new BenchEndpoints(builder.Build());
        endpoints._app.MapPost("/bridge", endpoints.BridgeAsync);
        endpoints._app.MapGet("/bot", (HttpContext c) => Results.Text(c.Request.Query["hub.challenge"].ToString()));
        endpoints._app.MapPost("/bot", (Delegate)endpoints.BotAsync);
        await endpoints._app.StartAsync();
        return endpoints;
    }

    /// <summary>Lets the bot call the API at <paramref name="apiBase"/> with <paramref name="token"/>.</summary>
    public void UseBotToken(Uri apiBase, string token)
    {
        _api = new HttpClient { BaseAddress = apiBase, Timeout = TimeSpan.FromSeconds(60) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The marker of a bench customer message: its first word (<c>e2e-N</c>); null for anything else.</summary>
    public static string? MarkerOf(string? body)
    {
        var word = body?.Split(' ')[0];
        return word is not null && word.StartsWith("e2e-", StringComparison.Ordinal) ? word : null;
    }

    /// <summary>The marker of the bot's reply to a bench message (<c>Echo: e2e-N ...</c>).</summary>
    public static string? ReplyMarkerOf(string? body) =>
        body is not null && body.StartsWith(ReplyPrefix, StringComparison.Ordinal) ? MarkerOf(body[ReplyPrefix.Length..]) : null;

    private const string ReplyPrefix = "Echo: ";

    private async Task BridgeAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        var action = doc.RootElement.GetProperty("action").GetString();
        JsonNode answer = action switch
        {
            "implementation.info" => DemoBridgeEndpoint.Capabilities(),
            "messages.create" or "private_messages.create" or "threads.create" => new JsonObject { ["id"] = "bench-" + Guid.NewGuid().ToString("N")[..16] },
            _ => new JsonArray(),
        };
        if (action == "messages.create" && doc.RootElement.TryGetProperty("params", out var p) && p.TryGetProperty("body", out var body) && ReplyMarkerOf(body.GetString()) is { } marker)
        {
            ReplyArrivals.TryAdd(marker, now);
        }
        var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers[ChannelSignature.HeaderName] = ChannelSignature.Compute(Secret, bytes);
        await context.Response.Body.WriteAsync(bytes);
    }

    private async Task<IResult> BotAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
        {
            if (e.GetProperty("type").GetString() != "content.imported") continue;
            try
            {
                await AnswerAsync(e.GetProperty("resource"), now);
            }
            catch (Exception x)
            {
                Failures.Enqueue($"bot: {x.GetType().Name}: {x.Message} for {e.GetProperty("resource")}");
                throw;
            }
        }
        return Results.Ok();
    }

    // Engages (unless the message came into an open intervention), replies and completes.
    private async Task AnswerAsync(JsonElement resource, long now)
    {
        var id = resource.GetProperty("id").GetString()!;
        // The event's metadata is the content's record; without it, read the content as a bot would.
        var m = resource.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("body", out _) ? metadata : await CallAsync(HttpMethod.Get, $"1.0/contents/{id}", null);
        var body = m.GetProperty("body").GetString();
        if (MarkerOf(body) is not { } marker) return;
        WebhookArrivals.TryAdd(marker, now);
        // A message that reopened the thread's recent intervention already has one: the bot answers in it.
        var intervention = m.TryGetProperty("intervention_id", out var open) && open.ValueKind == JsonValueKind.String ? open.GetString() : null;
        if (intervention is null)
        {
            var engaged = await CallAsync(HttpMethod.Post, $"1.0/bots/engage?content_id={id}", null);
            if (!engaged.TryGetProperty("id", out var engagedId)) return;
            intervention = engagedId.GetString();
        }
        await CallAsync(HttpMethod.Post, "1.0/contents", JsonSerializer.Serialize(new { body = ReplyPrefix + body, in_reply_to_id = id }));
        await CallAsync(HttpMethod.Post, $"1.0/bots/complete?intervention_id={intervention}&close_thread=false", null);
    }

    private async Task<JsonElement> CallAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _api!.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) Failures.Enqueue($"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        await _app.DisposeAsync();
    }
}
