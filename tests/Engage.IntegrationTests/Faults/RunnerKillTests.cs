using System.Text.Json;
using Engage.IntegrationTests.Api;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Fault case 2: the runner is killed (SIGKILL of a real process, see <see cref="RunnerProcess"/>) while replies are
/// being posted to the bridge and events delivered to a webhook, and another runner starts on the same storage. The
/// dead runner's messages reappear after the queue lease and are finished by the new one: every reply reaches the
/// bridge and every event the webhook. Both are at least once by contract: the post cut off by the kill is posted again
/// with <c>retry: true</c> and the same <c>content_id</c>, and the delivery again with the same event id (the
/// receivers' dedupe keys). What is applied is not doubled: one <c>success</c> per reply, one <c>content.exported</c>
/// and one <c>content.replied</c> event per reply, one delivered attempt per delivery (the cut-off one is logged as
/// having no outcome).
/// </summary>
public class RunnerKillTests(RunnerKillFixture app) : IClassFixture<RunnerKillFixture>
{
    private const int Replies = 3;

    [Fact]
    public async Task Replies_and_webhook_deliveries_in_flight_when_the_runner_dies_are_finished_once_by_the_next_runner()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var bridge = await TestBridge.StartAsync();
        var (sourceId, secret) = await FaultApi.BridgeSourceAsync(app, bridge, "Killed runner source");
        var answers = 0;
        bridge.Respond = body =>
        {
            if (!body.Contains("\"messages.create\"")) return (200, "{}", true);
            release.Task.Wait(); // held until the runner that sent it is dead: its answer is lost with it
            return (200, $"{{\"id\":\"ext-{Interlocked.Increment(ref answers)}\"}}", true);
        };
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        endpoint.HoldPosts = release.Task;
        var webhookId = await FaultApi.WebhookAsync(app, endpoint, sourceId, "content.imported");

        var replyIds = new List<string>();
        try
        {
            for (var i = 0; i < Replies; i++)
            {
                await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message($"kill-msg-{i}", $"kill-thread-{i}", "Hello?"), sourceId, secret, TimeSpan.FromSeconds(30));
                var threadId = (await FaultApi.ThreadAsync(app, sourceId, $"kill-thread-{i}")).GetProperty("id").GetString()!;
                replyIds.Add((await FaultApi.EngageAndReplyAsync(app, await FaultApi.ContentIdAsync(app, threadId, $"kill-msg-{i}"), $"Answer {i}")).ReplyId);
            }
            Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(Creates(bridge).Count == Replies && endpoint.Posts.Count == Replies)),
                $"not all work was in flight: {Creates(bridge).Count} posts, {endpoint.Posts.Count} deliveries; runner output: {app.First?.Output}");
        }
        catch
        {
            release.SetResult();
            throw;
        }

        try
        {
            await app.KillAndRestartAsync();
        }
        finally
        {
            release.SetResult(); // the held answers go to a dead runner
        }

        foreach (var id in replyIds)
        {
            var synced = await FaultApi.WaitForContentAsync(app, id, c => c.GetProperty("synchronization_status").GetString() == "success");
            Assert.StartsWith("ext-", synced.GetProperty("foreign_id").GetString());
        }
        var importedIds = (await FaultApi.EventsAsync(app, "name_in:\"content.imported\"")).Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.Equal(Replies, importedIds.Count);
        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(importedIds.All(e => endpoint.Posts.Count(p => p.EventIds.Contains(e) && p.Attempt > 1) >= 1)), TimeSpan.FromSeconds(40)),
            $"deliveries after the restart: {string.Join(", ", endpoint.Posts.Select(p => $"{p.EventIds[0]}#{p.Attempt}"))}");
        await Task.Delay(1500); // a doubled post or event would come within a retry

        // Replies: each posted again (retry: true, same content_id) after the lost post, and applied once.
        var posts = Creates(bridge);
        foreach (var id in replyIds)
        {
            Assert.Equal([false, true], posts.Where(p => p.GetProperty("content_id").GetString() == id).Select(p => p.GetProperty("retry").GetBoolean()));
            Assert.Single(await FaultApi.EventsAsync(app, $"content:\"{id}\" name_in:\"content.exported\""));
            Assert.Single(await FaultApi.EventsAsync(app, $"content:\"{id}\" name_in:\"content.replied\""));
        }

        // Deliveries: each event delivered under its one event id; one delivered attempt each, the cut-off one logged without outcome.
        Assert.Equal(importedIds.Order(), endpoint.Posts.SelectMany(p => p.EventIds).Distinct().Order());
        var (_, log) = await app.GetAsync($"1.0/webhooks/{webhookId}/deliveries?limit=150");
        var attempts = log.GetProperty("records").EnumerateArray().ToList();
        foreach (var delivery in attempts.GroupBy(a => a.GetProperty("delivery_id").GetString()))
        {
            Assert.Single(delivery, a => a.GetProperty("ok").GetBoolean());
            Assert.Contains(delivery, a => !a.GetProperty("ok").GetBoolean() && a.GetProperty("error").GetString()!.Contains("No outcome recorded"));
        }
        Assert.Equal(Replies, attempts.Select(a => a.GetProperty("delivery_id").GetString()).Distinct().Count());
    }

    private static List<JsonElement> Creates(TestBridge bridge) =>
        bridge.Received.Where(r => r.Body.Contains("\"messages.create\"")).Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("params").Clone()).ToList();
}
