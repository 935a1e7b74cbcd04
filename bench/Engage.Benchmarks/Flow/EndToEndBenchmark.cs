using System.Diagnostics;

namespace Engage.Benchmarks.Flow;

/// <summary>The end-to-end figures: customer push to the bot's webhook, and to the bot's reply at the bridge.</summary>
public sealed record EndToEndResult(
    int RoundTrips,
    int Completed,
    double MaxPauseMs,
    LatencyStats ToWebhook,
    LatencyStats ToReply,
    IReadOnlyList<FunctionTally> Work,
    IReadOnlyList<string> Failures);

/// <summary>
/// A customer writes, a bot answers: a source pointed at <see cref="BenchEndpoints"/>'s bridge, a bot user with a
/// webhook on <c>content.imported</c> only, then round trips one at a time, each a push from a known author into an
/// existing thread, timed from just before the push to the webhook's arrival and to the reply's arrival at the
/// bridge, with a random pause between round trips (customers do not write back to back, so the runner's queue
/// listeners are found as they are between messages). The first pass over the threads creates them, untimed.
/// </summary>
public static class EndToEndBenchmark
{
    /// <summary>Goal locally, milliseconds.</summary>
    public const double GoalP50 = 200, GoalP99 = 1000;

    private static readonly TimeSpan RoundTripTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the round trips on <paramref name="app"/>.</summary>
    public static async Task<EndToEndResult> RunAsync(BenchApp app, FlowOptions options, TextWriter log)
    {
        await using var endpoints = await BenchEndpoints.StartAsync();
        var source = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Bench bridge"), P("endpoint_url", endpoints.BridgeUrl)]);
        var sourceId = source.GetProperty("id").GetString()!;
        endpoints.Secret = source.GetProperty("secret").GetString()!;
        var activated = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        if (!activated.GetProperty("active").GetBoolean()) throw new InvalidOperationException($"The bench source did not activate: {activated}");
        var botToken = await BotTokenAsync(app, sourceId);
        endpoints.UseBotToken(app.Http.BaseAddress!, botToken);
        var hook = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks", [P("url", endpoints.BotUrl), P("registered_events[]", "content.imported")], botToken);
        var webhookId = hook.GetProperty("id").GetString()!;

        var threads = Math.Min(10, options.RoundTrips);
        for (var t = 0; t < threads; t++)
        {
            var (webhook, reply) = await RoundTripAsync(app, endpoints, sourceId, $"e2e-warm{t}", t);
            if (reply is null)
            {
                throw new InvalidOperationException($"Warm-up round trip {t}: webhook {(webhook is null ? "not reached" : "reached")}, no reply at the bridge. Bot failures: {string.Join("; ", endpoints.Failures)}");
            }
        }
        await DrainAsync(app, webhookId, endpoints);

        var before = app.Ledger.Snapshot();
        var toWebhook = new List<double>();
        var toReply = new List<double>();
        for (var n = 0; n < options.RoundTrips; n++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * options.MaxPause.TotalMilliseconds));
            var (webhook, reply) = await RoundTripAsync(app, endpoints, sourceId, $"e2e-{n}", n % threads);
            if (webhook is { } w) toWebhook.Add(w);
            if (reply is { } r) toReply.Add(r);
        }
        await DrainAsync(app, webhookId, endpoints);
        var work = InvocationLedger.Between(before, app.Ledger.Snapshot());
        var result = new EndToEndResult(options.RoundTrips, toReply.Count, options.MaxPause.TotalMilliseconds,
            LatencyStats.Of("push to bot webhook (content.imported)", 1, toWebhook.DefaultIfEmpty(double.NaN).ToList()),
            LatencyStats.Of("push to bot reply at the bridge", 1, toReply.DefaultIfEmpty(double.NaN).ToList()),
            work, endpoints.Failures.ToList());
        log.WriteLine($"e2e: {result.Completed}/{result.RoundTrips}; webhook p50 {result.ToWebhook.P50} ms p99 {result.ToWebhook.P99} ms; reply p50 {result.ToReply.P50} ms p99 {result.ToReply.P99} ms");
        return result;
    }

    // Drains, or says which deliveries are left (a retry waits 32 s and more: the bot should never need one).
    private static async Task DrainAsync(BenchApp app, string webhookId, BenchEndpoints endpoints)
    {
        try
        {
            await app.DrainAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException e)
        {
            var deliveries = await app.GetJsonAsync($"1.0/webhooks/{webhookId}/deliveries?limit=10");
            throw new TimeoutException($"{e.Message} Bot failures: {string.Join("; ", endpoints.Failures)}. Deliveries: {deliveries}", e);
        }
    }

    // One push, then wait for the reply at the bridge; null for a leg that did not arrive in time.
    private static async Task<(double? Webhook, double? Reply)> RoundTripAsync(BenchApp app, BenchEndpoints endpoints, string sourceId, string marker, int thread)
    {
        var body = $"{marker} Hello, where is my parcel?";
        var started = Stopwatch.GetTimestamp();
        await app.PushAsync(MessageMix.Message(marker, $"e2e-thread-{thread}", $"e2e-author-{thread}", body), sourceId, endpoints.Secret);
        var deadline = DateTime.UtcNow + RoundTripTimeout;
        while (!endpoints.ReplyArrivals.ContainsKey(marker) && DateTime.UtcNow < deadline) await Task.Delay(2);
        double? Since(long? at) => at is { } t ? Stopwatch.GetElapsedTime(started, t).TotalMilliseconds : null;
        return (Since(endpoints.WebhookArrivals.TryGetValue(marker, out var w) ? w : null), Since(endpoints.ReplyArrivals.TryGetValue(marker, out var r) ? r : null));
    }

    // A user with the seeded "bot" role, read and reply on the source, and a token.
    private static async Task<string> BotTokenAsync(BenchApp app, string sourceId)
    {
        var roles = await app.GetJsonAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "bot").GetProperty("id").GetString()!;
        var user = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", $"bench-bot-{Guid.NewGuid():N}@example.com"), P("role_id", roleId)]);
        var userId = user.GetProperty("id").GetString()!;
        await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", [P(sourceId, "read,reply")]);
        var token = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", userId), P("label", "bench bot")]);
        return token.GetProperty("token").GetString()!;
    }

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);
}
