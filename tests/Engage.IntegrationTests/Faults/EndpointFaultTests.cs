using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Engage.Application.Storage;
using Engage.IntegrationTests.Api;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Fault case 3: a bridge and a webhook endpoint that reset the connection, cut the body short, hang past the timeout,
/// answer garbage or the wrong status. A reply is retried (at most 3 posts, <c>retry: true</c> after the first) and ends
/// <c>success</c> or <c>failed</c> with the reason; a webhook delivery is retried on the contract's schedule (here 1 s
/// apart) and ends delivered or dropped with its last error. Endpoint failures are final statuses, never poison: the
/// poison queues stay empty. Covered elsewhere: a bridge answering 500, unsigned, fatal, down or slow
/// (<c>InterventionFlowTests</c>); a webhook answering 500, slow, or failing until disabled (<c>WebhookDeliveryTests</c>).
/// </summary>
public class EndpointFaultTests(FaultFixture app) : IClassFixture<FaultFixture>
{
    private const string Garbage = "garbage";
    private const string WrongStatus = "wrong-status";

    [Theory]
    [InlineData(nameof(EndpointFault.Reset))]
    [InlineData(nameof(EndpointFault.Truncated))]
    [InlineData(nameof(EndpointFault.Hang))]
    [InlineData(Garbage)]
    [InlineData(WrongStatus)]
    public async Task A_reply_to_a_bridge_that_misbehaves_once_is_delivered_on_the_retry_once(string fault)
    {
        await using var bridge = await TestBridge.StartAsync();
        var (sourceId, secret) = await FaultApi.BridgeSourceAsync(app, bridge, $"Faulty bridge {fault}");
        // Only the first post misbehaves: Fault runs before Respond for each request, and counts the posts.
        var creates = 0;
        bridge.Fault = body => IsCreate(body) && Interlocked.Increment(ref creates) == 1 && Enum.TryParse<EndpointFault>(fault, out var f) ? f : EndpointFault.None;
        bridge.Respond = body => !IsCreate(body) ? (200, "{}", true) : Volatile.Read(ref creates) > 1 ? (200, "{\"id\":\"ext-ok\"}", true) : fault switch
        {
            Garbage => (200, "{\"id\": \"not json", true),
            WrongStatus => (404, "{\"id\":\"ext-404\"}", true),
            _ => (200, "{\"id\":\"ext-too-late\"}", true), // after a hang: the client gave up already
        };

        var replyId = await ReplyAsync(sourceId, secret, $"bridge-{fault}");
        var synced = await FaultApi.WaitForContentAsync(app, replyId, c => c.GetProperty("synchronization_status").GetString() == "success");
        Assert.Equal("ext-ok", synced.GetProperty("foreign_id").GetString());
        await Task.Delay(1500); // a post after the recorded success would come within a retry
        var sent = Creates(bridge);
        Assert.Equal([false, true], sent.Select(p => p.GetProperty("retry").GetBoolean()));
        Assert.All(sent, p => Assert.Equal(replyId, p.GetProperty("content_id").GetString()));
        Assert.Single(await FaultApi.EventsAsync(app, $"content:\"{replyId}\" name_in:\"content.exported\""));
        await AssertNothingPoisonedAsync();
    }

    [Fact]
    public async Task A_reply_to_a_bridge_that_always_resets_ends_failed_with_the_reason_after_3_posts()
    {
        await using var bridge = await TestBridge.StartAsync();
        var (sourceId, secret) = await FaultApi.BridgeSourceAsync(app, bridge, "Resetting bridge");
        bridge.Fault = body => IsCreate(body) ? EndpointFault.Reset : EndpointFault.None;

        var replyId = await ReplyAsync(sourceId, secret, "bridge-always-reset");
        var failed = await FaultApi.WaitForContentAsync(app, replyId, c => c.GetProperty("synchronization_status").GetString() == "failed");
        Assert.Contains("did not answer", failed.GetProperty("synchronization_error").GetString());
        await Task.Delay(1500);
        Assert.Equal(3, Creates(bridge).Count);
        Assert.Empty(await FaultApi.EventsAsync(app, $"content:\"{replyId}\" name_in:\"content.exported\""));
        await AssertNothingPoisonedAsync();
    }

    [Theory]
    [InlineData(nameof(EndpointFault.Reset))]
    [InlineData(nameof(EndpointFault.Truncated))]
    [InlineData(nameof(EndpointFault.Hang))]
    [InlineData(WrongStatus)]
    public async Task A_webhook_endpoint_that_misbehaves_twice_gets_the_event_on_the_third_attempt(string fault)
    {
        var (sourceId, secret) = await FaultApi.SourceAsync(app, $"Faulty hook {fault}");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.Fault = post => post.Attempt <= 2 && Enum.TryParse<EndpointFault>(fault, out var f) ? f : EndpointFault.None;
        endpoint.RespondPost = post => post.Attempt <= 2 && fault == WrongStatus ? 302 : 200;
        var webhookId = await FaultApi.WebhookAsync(app, endpoint, sourceId, "content.imported");
        await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message($"hook-{fault}", $"hook-thread-{fault}", "hello"), sourceId, secret, TimeSpan.FromSeconds(30));

        var delivery = await WaitForDeliveryAsync(webhookId, "delivered");
        await Task.Delay(1500); // a fourth attempt would come within a retry delay
        var posts = endpoint.Posts.ToList();
        Assert.Equal([1, 2, 3], posts.Select(p => p.Attempt));
        Assert.Single(posts.SelectMany(p => p.EventIds).Distinct()); // the receiver's dedupe key: the same event id on every attempt
        Assert.Single(posts.Select(p => p.DeliveryId).Distinct());
        Assert.Equal(3, delivery.GetInt32("Attempts"));
        var (_, log) = await app.GetAsync($"1.0/webhooks/{webhookId}/deliveries");
        Assert.Equal([true, false, false], log.GetProperty("records").EnumerateArray().Select(a => a.GetProperty("ok").GetBoolean()));
        await AssertNothingPoisonedAsync();
    }

    [Fact]
    public async Task A_webhook_endpoint_that_always_resets_gets_six_attempts_then_the_delivery_is_dropped_with_its_reason()
    {
        var (sourceId, secret) = await FaultApi.SourceAsync(app, "Resetting hook");
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.Fault = _ => EndpointFault.Reset;
        var webhookId = await FaultApi.WebhookAsync(app, endpoint, sourceId, "content.imported");
        await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message("hook-dead", "hook-dead-thread", "hello"), sourceId, secret, TimeSpan.FromSeconds(30));

        var delivery = await WaitForDeliveryAsync(webhookId, "dropped");
        Assert.Equal(6, delivery.GetInt32("Attempts")); // the first try and the contract's 5 retries
        Assert.Contains("request failed", delivery.GetString("LastError"));
        await Task.Delay(1500);
        Assert.Equal(6, endpoint.Posts.Count);
        Assert.Single(endpoint.Posts.SelectMany(p => p.EventIds).Distinct());
        await AssertNothingPoisonedAsync();
    }

    private static bool IsCreate(string body) => body.Contains("\"messages.create\"");

    private static List<JsonElement> Creates(TestBridge bridge) =>
        bridge.Received.Where(r => IsCreate(r.Body)).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("params").Clone()).ToList();

    private async Task<string> ReplyAsync(string sourceId, string secret, string thread)
    {
        await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message($"{thread}-msg", thread, "Where is my order?"), sourceId, secret, TimeSpan.FromSeconds(30));
        var threadId = (await FaultApi.ThreadAsync(app, sourceId, thread)).GetProperty("id").GetString()!;
        var (_, replyId) = await FaultApi.EngageAndReplyAsync(app, await FaultApi.ContentIdAsync(app, threadId, $"{thread}-msg"), "Here it is");
        return replyId;
    }

    // The delivery row is where the final status is recorded (the API lists attempts only).
    private async Task<TableEntity> WaitForDeliveryAsync(string webhookId, string status)
    {
        var table = new TableClient(app.Azurite.ConnectionString, StorageNames.WebhookDeliveriesTable);
        TableEntity? row = null;
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (row = await table.QueryAsync<TableEntity>($"PartitionKey eq '{webhookId}' and RowKey ge 'd|' and RowKey lt 'd}}'").FirstOrDefaultAsync()) is not null
            && row.GetString("Status") == status, TimeSpan.FromSeconds(40)), $"delivery status: {row?.GetString("Status")}");
        return row!;
    }

    private async Task AssertNothingPoisonedAsync()
    {
        foreach (var queue in StorageNames.Queues.Where(q => q.EndsWith("-poison", StringComparison.Ordinal)))
        {
            var poison = new QueueClient(app.Azurite.ConnectionString, queue);
            Assert.True(!await poison.ExistsAsync() || (await poison.PeekMessagesAsync(32)).Value.Length == 0, $"{queue} is not empty");
        }
    }
}
