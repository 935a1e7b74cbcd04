using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>One verification request as the endpoint saw it.</summary>
public sealed record WebhookHandshake(string? Mode, string? Challenge, string? VerifyToken, string? Secret, bool HasSecretHeader);

/// <summary>One delivery <c>POST</c> as the endpoint saw it, with its raw body and our headers.</summary>
public sealed record WebhookPost(string Body, string? Secret, string? Signature, string? DeliveryId, int Attempt)
{
    /// <summary>The ids of the events in the body.</summary>
    public IReadOnlyList<string> EventIds => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

    /// <summary>The types of the events in the body.</summary>
    public IReadOnlyList<string> EventTypes => System.Text.Json.JsonDocument.Parse(Body).RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToList();
}

/// <summary>
/// A webhook endpoint for tests on a free loopback port: records every verification <c>GET</c> and answers with
/// <see cref="Respond"/>, by default the challenge itself (a passing handshake).
/// </summary>
public sealed class TestWebhookEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    // A fresh path per endpoint: the OS may hand a port to a later endpoint, and a URL must stay unique per token.
    private readonly string _path = "/" + Guid.NewGuid().ToString("N")[..12] + "/hook";

    private TestWebhookEndpoint(WebApplication app) => _app = app;

    /// <summary>The handshakes received, in order.</summary>
    public ConcurrentQueue<WebhookHandshake> Handshakes { get; } = new();

    /// <summary>Status and body to answer a handshake with.</summary>
    public Func<WebhookHandshake, (int Status, string Body)> Respond { get; set; } = h => (200, h.Challenge ?? string.Empty);

    /// <summary>The deliveries received, in order.</summary>
    public ConcurrentQueue<WebhookPost> Posts { get; } = new();

    /// <summary>Status to answer a delivery with (after <see cref="HoldPosts"/>, if set); default 200.</summary>
    public Func<WebhookPost, int> RespondPost { get; set; } = _ => 200;

    /// <summary>How to misbehave on a delivery (fault tests); default: never.</summary>
    public Func<WebhookPost, Faults.EndpointFault> Fault { get; set; } = _ => Faults.EndpointFault.None;

    /// <summary>When set, each delivery waits for it before answering (a slow endpoint).</summary>
    public Task? HoldPosts { get; set; }

    /// <summary>The endpoint URL.</summary>
    public string Url => _app.Urls.First() + _path;

    /// <summary>Starts an endpoint on a free loopback port.</summary>
    public static async Task<TestWebhookEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new TestWebhookEndpoint(app);
        app.MapGet(endpoint._path, async (HttpContext context) =>
        {
            var query = context.Request.Query;
            var hasSecret = context.Request.Headers.TryGetValue("X-Dimelo-Secret", out var secret);
            var handshake = new WebhookHandshake(query["hub.mode"], query["hub.challenge"], query["hub.verify_token"], hasSecret ? secret.ToString() : null, hasSecret);
            endpoint.Handshakes.Enqueue(handshake);
            var (status, body) = endpoint.Respond(handshake);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(body);
        });
        app.MapPost(endpoint._path, async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var headers = context.Request.Headers;
            var post = new WebhookPost(await reader.ReadToEndAsync(), headers["X-Dimelo-Secret"].FirstOrDefault(), headers["X-Engage-Signature"].FirstOrDefault(),
                headers["X-Engage-Delivery-Id"].FirstOrDefault(), int.TryParse(headers["X-Engage-Delivery-Attempt"].FirstOrDefault(), out var attempt) ? attempt : 0);
            endpoint.Posts.Enqueue(post);
            if (await Faults.EndpointFaults.ApplyAsync(context, endpoint.Fault(post))) return;
            if (endpoint.HoldPosts is { } hold) await hold;
            context.Response.StatusCode = endpoint.RespondPost(post);
        });
        await app.StartAsync();
        return endpoint;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
