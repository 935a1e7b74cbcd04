using Azure.Data.Tables;
using Engage.Application.Events;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Application.Webhooks;
using Engage.Domain.Ids;
using Engage.Domain.Webhooks;
using Engage.IntegrationTests.Api;
using Engage.IntegrationTests.LocalRunner;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Application;

/// <summary>
/// Time-dependent webhook and outbox behaviour with a fake clock on real Azurite (issue 5, item 10): the reference's
/// retry schedule to the drop, the auto-disable window and probe, and the sweeper's age threshold. No sleeps.
/// </summary>
public class WebhookScheduleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static async Task<(WebhookEntity Webhook, EventEntity Event)> SetUpAsync(IServiceProvider services, string url, DateTimeOffset now)
    {
        var store = services.GetRequiredService<WebhookStore>();
        var tokenId = EngageId.New(now);
        var webhook = new WebhookEntity
        {
            PartitionKey = WebhookStore.PartitionOf(tokenId), Id = WebhookStore.NewId(tokenId, now), TokenId = tokenId, UserId = "u", Name = "fake clock", Url = url,
            ProtectedSecret = store.Protect("s"), RegisteredEventsJson = "[\"content.imported\"]", Active = true, Status = WebhookStatuses.Active, CreatedAt = now, UpdatedAt = now,
        };
        webhook.RowKey = WebhookStore.RowKeyOf(webhook.Id);
        await store.AddAsync(webhook, CancellationToken.None);
        var eventId = EngageId.New(now);
        var e = new EventEntity
        {
            PartitionKey = "source-1", RowKey = EventKeys.RowKey(eventId), EventId = eventId, Type = "content.imported", IssuedAt = now, SourceId = "source-1",
            ResourceType = "content", ResourceId = "c1",
        };
        await services.GetRequiredService<EventLog>().WriteAsync(e, CancellationToken.None);
        return (webhook, e);
    }

    private static Task<WebhookDeliveryEntity> DeliveryAsync(IServiceProvider services, string webhookId, string deliveryId) =>
        services.GetRequiredService<EngageStorage>().Table(StorageNames.WebhookDeliveriesTable)
            .GetEntityAsync<WebhookDeliveryEntity>(webhookId, WebhookFanOut.DeliveryKey(deliveryId)).ContinueWith(t => t.Result.Value);

    [Fact]
    public async Task A_failing_delivery_follows_32_s_4_min_17_min_52_min_2_h_then_is_dropped_and_is_never_sent_early()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.RespondPost = _ => 500;
        var (webhook, e) = await SetUpAsync(app.Services, endpoint.Url, app.Clock.GetUtcNow());
        var deliveryId = WebhookFanOut.FanOutId(webhook.Id, e.EventId);
        await app.Services.GetRequiredService<WebhookFanOut>().EnqueueAsync(webhook.Id, e, deliveryId, CancellationToken.None);
        var deliverer = app.Services.GetRequiredService<WebhookDeliverer>();
        var message = System.Text.Json.JsonSerializer.Serialize(new DeliveryMessage(webhook.Id, deliveryId));

        await deliverer.DeliverAsync(message, CancellationToken.None);
        foreach (var delay in DeliveryRules.ReferenceDelays)
        {
            var waiting = await DeliveryAsync(app.Services, webhook.Id, deliveryId);
            Assert.Equal(WebhookDeliveryStatus.Retrying, waiting.Status);
            Assert.Equal(app.Clock.GetUtcNow() + delay, waiting.NextAttemptAt);

            // A copy of the message one second early posts nothing.
            var posts = endpoint.Posts.Count;
            app.Clock.Advance(delay - TimeSpan.FromSeconds(1));
            await deliverer.DeliverAsync(message, CancellationToken.None);
            Assert.Equal(posts, endpoint.Posts.Count);

            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await deliverer.DeliverAsync(message, CancellationToken.None);
            Assert.Equal(posts + 1, endpoint.Posts.Count);
        }
        var dropped = await DeliveryAsync(app.Services, webhook.Id, deliveryId);
        Assert.Equal((WebhookDeliveryStatus.Dropped, 6), (dropped.Status, dropped.Attempts));
        Assert.Equal([1, 2, 3, 4, 5, 6], endpoint.Posts.Select(p => p.Attempt));
        Assert.All(endpoint.Posts, p => Assert.Equal(e.EventId, p.EventIds.Single()));

        await deliverer.DeliverAsync(message, CancellationToken.None);
        Assert.Equal(6, endpoint.Posts.Count);
    }

    [Fact]
    public async Task A_delivery_whose_worker_stopped_mid_attempt_waits_for_the_lease_then_goes_again_and_logs_the_lost_attempt()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (webhook, e) = await SetUpAsync(app.Services, endpoint.Url, app.Clock.GetUtcNow());
        var deliveryId = WebhookFanOut.FanOutId(webhook.Id, e.EventId);
        await app.Services.GetRequiredService<WebhookFanOut>().EnqueueAsync(webhook.Id, e, deliveryId, CancellationToken.None);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookDeliveryOptions>>().Value;
        var table = app.Services.GetRequiredService<EngageStorage>().Table(StorageNames.WebhookDeliveriesTable);

        // A worker claimed attempt 1 and stopped before recording its outcome.
        var claimed = await DeliveryAsync(app.Services, webhook.Id, deliveryId);
        claimed.Status = WebhookDeliveryStatus.Sending;
        claimed.Attempts = 1;
        claimed.LeaseUntil = app.Clock.GetUtcNow() + options.Lease;
        await table.UpdateEntityAsync(claimed, claimed.ETag, TableUpdateMode.Replace);
        var deliverer = app.Services.GetRequiredService<WebhookDeliverer>();
        var message = System.Text.Json.JsonSerializer.Serialize(new DeliveryMessage(webhook.Id, deliveryId));

        await deliverer.DeliverAsync(message, CancellationToken.None);
        Assert.Empty(endpoint.Posts); // the lease still holds: the other worker might yet record it

        app.Clock.Advance(options.Lease + TimeSpan.FromSeconds(1));
        await deliverer.DeliverAsync(message, CancellationToken.None);
        Assert.Equal([2], endpoint.Posts.Select(p => p.Attempt));
        var attempts = table.Query<WebhookAttemptEntity>($"PartitionKey eq '{webhook.Id}' and RowKey ge 'a|' and RowKey lt 'a}}'").OrderBy(a => a.Attempt).ToList();
        Assert.Equal([(1, false), (2, true)], attempts.Select(a => (a.Attempt, a.Ok)));
        Assert.Contains("worker stopped", attempts[0].Error);
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await DeliveryAsync(app.Services, webhook.Id, deliveryId)).Status);
    }

    [Fact]
    public async Task Failures_count_only_within_the_window_and_a_disabled_endpoint_is_probed_when_due()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (webhook, _) = await SetUpAsync(app.Services, endpoint.Url, app.Clock.GetUtcNow());
        var health = app.Services.GetRequiredService<WebhookHealth>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookDeliveryOptions>>().Value;
        var prober = app.Services.GetRequiredService<WebhookProber>();
        for (var i = 0; i < options.FailureMinimum - 1; i++) Assert.False((await health.RecordAsync(webhook.Id, ok: false, CancellationToken.None)).Disabled);
        app.Clock.Advance(options.FailureWindow + TimeSpan.FromSeconds(1));
        Assert.False((await health.RecordAsync(webhook.Id, ok: false, CancellationToken.None)).Disabled); // the older failures left the window
        for (var i = 0; i < options.FailureMinimum - 2; i++) await health.RecordAsync(webhook.Id, ok: false, CancellationToken.None);
        var disabled = await health.RecordAsync(webhook.Id, ok: true, CancellationToken.None);
        Assert.True(disabled.Disabled); // 7 of 8 failed
        Assert.Equal(app.Clock.GetUtcNow() + options.ProbeInterval, disabled.NextProbeAt);

        var handshakes = endpoint.Handshakes.Count;
        Assert.Equal(0, await prober.ProbeDueAsync(CancellationToken.None));
        Assert.Equal(handshakes, endpoint.Handshakes.Count); // not due yet: no probe sent
        app.Clock.Advance(options.ProbeInterval);
        Assert.Equal(1, await prober.ProbeDueAsync(CancellationToken.None)); // nothing held: the handshake is the probe
        Assert.Equal(handshakes + 1, endpoint.Handshakes.Count);
        Assert.False((await health.GetAsync(webhook.Id, CancellationToken.None)).Disabled);
    }

    [Fact]
    public async Task The_sweeper_leaves_young_outbox_rows_alone_and_announces_old_ones_to_the_queue_they_wait_for()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var storage = app.Services.GetRequiredService<EngageStorage>();
        var now = app.Clock.GetUtcNow();
        OutboxEntity Row(string type, bool workDone) => new()
        {
            PartitionKey = "sweep-" + Guid.NewGuid().ToString("N")[..8], RowKey = ThreadKeys.Outbox(EngageId.New(now)), EventId = EngageId.New(now), Type = type,
            SourceId = "s", ResourceType = "content", ResourceId = "c", IssuedAt = now, WorkDone = workDone,
        };
        var rows = new[] { Row("content.imported", false), Row("content.replied", false), Row("intervention.closing", false) };
        foreach (var row in rows) await storage.Table(StorageNames.ThreadsTable).AddEntityAsync(row);
        var sweeper = app.Services.GetRequiredService<OutboxSweeper>();

        app.Clock.Advance(OutboxSweeper.MinimumAge - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await sweeper.SweepAsync(CancellationToken.None));
        foreach (var (queue, row) in new[] { (StorageNames.OutboxQueue, rows[0]), (StorageNames.OutboundQueue, rows[1]), (StorageNames.DispositionsQueue, rows[2]) })
        {
            var messages = (await storage.Queue(queue).PeekMessagesAsync(32)).Value.Select(m => m.Body.ToString());
            Assert.Contains(messages, m => m.Contains(row.PartitionKey));
        }
    }
}
