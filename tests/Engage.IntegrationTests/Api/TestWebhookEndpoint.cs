using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>One verification request as the endpoint saw it.</summary>
public sealed record WebhookHandshake(string? Mode, string? Challenge, string? VerifyToken, string? Secret, bool HasSecretHeader);

/// <summary>
/// A webhook endpoint for tests on a free loopback port: records every verification <c>GET</c> and answers with
/// <see cref="Respond"/>, by default the challenge itself (a passing handshake).
/// </summary>
public sealed class TestWebhookEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestWebhookEndpoint(WebApplication app) => _app = app;

    /// <summary>The handshakes received, in order.</summary>
    public ConcurrentQueue<WebhookHandshake> Handshakes { get; } = new();

    /// <summary>Status and body to answer a handshake with.</summary>
    public Func<WebhookHandshake, (int Status, string Body)> Respond { get; set; } = h => (200, h.Challenge ?? string.Empty);

    /// <summary>The endpoint URL.</summary>
    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Starts an endpoint on a free loopback port.</summary>
    public static async Task<TestWebhookEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var endpoint = new TestWebhookEndpoint(app);
        app.MapGet("/hook", async (HttpContext context) =>
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
        await app.StartAsync();
        return endpoint;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
