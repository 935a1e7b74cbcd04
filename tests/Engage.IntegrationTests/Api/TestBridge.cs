using System.Collections.Concurrent;
using System.Text;
using Engage.Domain.Channel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// A channel SDK endpoint for tests: records every request (body and signature) and answers with
/// <see cref="Respond"/>, signing its answers with <see cref="Secret"/> unless told not to.
/// </summary>
public sealed class TestBridge : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBridge(WebApplication app) => _app = app;

    /// <summary>What the bridge received: raw body and the signature header.</summary>
    public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();

    /// <summary>The secret used to sign answers (set it once the source exists).</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>Status and body to answer; sign = false sends no signature.</summary>
    public Func<string, (int Status, string Body, bool Sign)> Respond { get; set; } =
        _ => (200, "{\"objects\":{\"messages\":[\"create\",\"list\"]},\"options\":[]}", true);

    /// <summary>How to misbehave on a request, by its body (fault tests); default: never.</summary>
    public Func<string, Faults.EndpointFault> Fault { get; set; } = _ => Faults.EndpointFault.None;

    /// <summary>The endpoint URL.</summary>
    public string Url => _app.Urls.First() + "/engage";

    /// <summary>Starts a bridge on a free loopback port.</summary>
    public static async Task<TestBridge> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var bridge = new TestBridge(app);
        app.MapPost("/engage", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            bridge.Received.Enqueue((body, context.Request.Headers[ChannelSignature.HeaderName].ToString()));
            if (await Faults.EndpointFaults.ApplyAsync(context, bridge.Fault(body))) return;
            var (status, answer, sign) = bridge.Respond(body);
            context.Response.StatusCode = status;
            if (sign) context.Response.Headers[ChannelSignature.HeaderName] = ChannelSignature.Compute(bridge.Secret, Encoding.UTF8.GetBytes(answer));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        return bridge;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
