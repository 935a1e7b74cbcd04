using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// The event log (issue 5): every state change of the agent loop is recorded once, with a stable id, milliseconds
/// and the thread's sequence, served by <c>GET /1.0/events</c>; rows left behind are swept up.
/// </summary>
public class EventLogTests(FastRetryFixture app) : IClassFixture<FastRetryFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string SourceId, string Secret, TestBridge Bridge)> BridgeSourceAsync()
    {
        var bridge = await TestBridge.StartAsync();
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Event bridge"), P("endpoint_url", bridge.Url)]);
        bridge.Secret = created.GetProperty("secret").GetString()!;
        var sourceId = created.GetProperty("id").GetString()!;
        await app.SendFormAsync(HttpMethod.Put, $"1.0/content_sources/{sourceId}", [P("active", "true")]);
        bridge.Respond = body => body.Contains("\"messages.create\"") ? (200, "{\"id\":\"ext-ev\"}", true) : (200, "{}", true);
        return (sourceId, bridge.Secret, bridge);
    }

    private async Task<(string ThreadId, string ContentId)> CustomerMessageAsync(string sourceId, string secret, string id, string thread)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(id, thread, "Hello"), sourceId, secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == thread).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        return (threadId, contents.GetProperty("records").EnumerateArray().First(c => c.GetProperty("foreign_id").GetString() == id).GetProperty("id").GetString()!);
    }

    private async Task<List<JsonElement>> EventsAsync(string q, string? token = null)
    {
        var (status, list) = await app.GetAsync("1.0/events?limit=150&q=" + Uri.EscapeDataString(q), token);
        Assert.Equal(200, status);
        return list.GetProperty("records").EnumerateArray().ToList();
    }

    private async Task<List<string>> TypesEventuallyAsync(string q, int atLeast)
    {
        List<string> types = [];
        await EngageFixture.EventuallyAsync(async () => (types = (await EventsAsync(q)).Select(e => e.GetProperty("name").GetString()!).ToList()).Count >= atLeast);
        return types;
    }

    [Fact]
    public async Task The_agent_loop_is_recorded_as_events_in_order_with_the_thread_sequence()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var (threadId, contentId) = await CustomerMessageAsync(sourceId, secret, "ev-1", "ev-thread");
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        var interventionId = intervention.GetProperty("id").GetString()!;
        using (var reply = new HttpRequestMessage(HttpMethod.Post, "1.0/contents") { Content = new StringContent(JsonSerializer.Serialize(new { body = "On its way", in_reply_to_id = contentId }), Encoding.UTF8, "application/json") })
        {
            reply.Headers.Authorization = new("Bearer", app.AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(reply)).StatusCode);
        }
        var q = $"content_thread:\"{threadId}\" order:created_at.asc";
        Assert.Contains("content.exported", await TypesEventuallyAsync(q, 4)); // the bridge took the reply before the close
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close", [])).Status);
        Assert.Equal(["content.imported", "intervention.opened", "content.replied", "content.exported", "intervention.closed"], await TypesEventuallyAsync(q, 5));

        await CustomerMessageAsync(sourceId, secret, "ev-2", "ev-thread");
        var types = await TypesEventuallyAsync(q, 7);
        Assert.Equal(["content.imported", "intervention.reopened"], types[5..]);

        var events = await EventsAsync(q);
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        var sequences = events.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(3, sequences[^1]);
        var imported = events[0];
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", imported.GetProperty("issued_at").GetString());
        Assert.Equal(("content", contentId, "Hello"), (imported.GetProperty("resource").GetProperty("type").GetString(), imported.GetProperty("resource").GetProperty("id").GetString(),
            imported.GetProperty("resource").GetProperty("metadata").GetProperty("body").GetString()));
        Assert.Equal((sourceId, threadId), (imported.GetProperty("extra_infos").GetProperty("content_source_id").GetString(), imported.GetProperty("extra_infos").GetProperty("content_thread_id").GetString()));
        var closed = events.Single(e => e.GetProperty("name").GetString() == "intervention.closed");
        string IssuedAt(string name) => events.Single(e => e.GetProperty("name").GetString() == name).GetProperty("issued_at").GetString()!;
        Assert.True(string.CompareOrdinal(IssuedAt("content.exported"), IssuedAt("content.replied")) > 0, "the export is stamped with the reply's time");
        Assert.Equal(interventionId, closed.GetProperty("extra_infos").GetProperty("intervention_id").GetString());
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("resource").GetProperty("metadata").GetProperty("closed_at").ValueKind);

        var (one, single) = await app.GetAsync($"1.0/events/{closed.GetProperty("id").GetString()}");
        Assert.Equal((200, "intervention.closed"), (one, single.GetProperty("name").GetString()));
        Assert.Equal(["intervention.opened"], (await EventsAsync($"content_thread:\"{threadId}\" name_in:\"intervention.opened\"")).Select(e => e.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Events_need_search_event_and_a_readable_source()
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var agentRole = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "agent").GetProperty("id").GetString()!;
        var (_, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", "no-events@example.com"), P("role_id", agentRole)]);
        var (_, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", user.GetProperty("id").GetString()!), P("label", "e")]);
        var agentToken = token.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("perm-ev", "perm-ev-thread", "x"))).StatusCode);
        await TypesEventuallyAsync("name_in:\"content.imported\"", 1);
        var eventId = (await EventsAsync("name_in:\"content.imported\""))[0].GetProperty("id").GetString();

        Assert.Equal(403, (await app.GetAsync("1.0/events", agentToken)).Status);
        Assert.Equal(404, (await app.GetAsync($"1.0/events/{eventId}", agentToken)).Status);
        var (bad, error) = await app.GetAsync("1.0/events?q=" + Uri.EscapeDataString("text:hello"));
        Assert.Equal((422, "invalid_query"), (bad, error.GetProperty("error").GetString()));
        Assert.Equal(422, (await app.GetAsync("1.0/events?q=" + Uri.EscapeDataString("created_after:yesterday"))).Status);
    }

    [Fact]
    public async Task An_outbox_row_whose_announcement_was_lost_is_swept_into_the_log()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("sweep-1", "sweep-thread", "x"))).StatusCode);
        var partition = ThreadKeys.Partition(app.Bootstrap.SourceId, "sweep-thread");
        var threads = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadsTable);
        var head = (await threads.GetEntityAsync<ThreadEntity>(partition, ThreadKeys.Head(app.Bootstrap.SourceId, "sweep-thread"))).Value;

        // A committed change whose announcement never reached the queue, 10 minutes ago.
        var eventId = Engage.Domain.Ids.EngageId.New(DateTimeOffset.UtcNow);
        await threads.AddEntityAsync(new OutboxEntity
        {
            PartitionKey = partition, RowKey = ThreadKeys.Outbox(eventId), EventId = eventId, Type = "content.thread_closed", SourceId = head.SourceId,
            ThreadId = head.Id, ThreadRowKey = head.RowKey, ResourceType = "content_thread", ResourceId = head.Id, IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
        });
        Assert.Equal(404, (await app.GetAsync($"1.0/events/{eventId}")).Status);
        Assert.True(await app.Host.Services.GetRequiredService<OutboxSweeper>().SweepAsync(CancellationToken.None) >= 1);
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await app.GetAsync($"1.0/events/{eventId}")).Status == 200), "the swept row never reached the log");
        Assert.True(await EngageFixture.EventuallyAsync(async () => !await threads.QueryAsync<TableEntity>($"PartitionKey eq '{partition}' and RowKey eq 'o|{eventId}'").AnyAsync()));
    }

    [Fact]
    public async Task Racing_opens_of_one_content_record_one_event_and_poison_nothing()
    {
        var (sourceId, secret, bridge) = await BridgeSourceAsync();
        await using var _ = bridge;
        var (threadId, contentId) = await CustomerMessageAsync(sourceId, secret, "race-open-1", "race-open-thread");
        var poison = new Azure.Storage.Queues.QueueClient(app.Azurite.ConnectionString, StorageNames.OutboxQueue + "-poison");
        await poison.CreateIfNotExistsAsync();
        var poisonedBefore = (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        var opens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", [])));
        Assert.Equal(1, opens.Count(o => o.Status == 200));
        Assert.All(opens.Where(o => o.Status != 200), o => Assert.Equal("intervention_already_open", o.Json.GetProperty("error").GetString()));

        // Every refused open's announcement is handled (withdrawn, or ended by its refusal marker) within the retries.
        var outbox = new Azure.Storage.Queues.QueueClient(app.Azurite.ConnectionString, StorageNames.OutboxQueue);
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await outbox.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(30)));
        Assert.Equal(poisonedBefore, (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Single(await EventsAsync($"content_thread:\"{threadId}\" name_in:\"intervention.opened\""));
    }
}
