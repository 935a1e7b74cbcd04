using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Interventions;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <c>GET /1.0/interventions</c> across threads (issue 4): filters by user, identity and status, both sorts,
/// permissions per source, and a list that stays right under racing updates and after a lost list write.
/// </summary>
public class InterventionListTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string SourceId, string Secret)> SourceAsync(string name)
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private async Task<(string UserId, string Token)> AgentAsync(string email, string? sourceId, string permissions = "read,reply")
    {
        var (userId, token, _) = sourceId is null
            ? await app.UserWithTokenAsync(email, "agent")
            : await app.UserWithTokenAsync(email, "agent", permissions, sourceId);
        return (userId, token);
    }

    // Pushes a customer message on a new thread; returns (content id, author identity id).
    private async Task<(string ContentId, string IdentityId)> MessageAsync(string sourceId, string secret, string id, string author)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(id, "thread-" + id, "Hello", author, author), sourceId, secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "thread-" + id).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var content = contents.GetProperty("records").EnumerateArray().Single();
        return (content.GetProperty("id").GetString()!, content.GetProperty("author_id").GetString()!);
    }

    private async Task<string> OpenAsync(string contentId, string? token = null)
    {
        var (status, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", [], token);
        Assert.Equal(200, status);
        return intervention.GetProperty("id").GetString()!;
    }

    private async Task<List<string>> ListedAsync(string query, string? token = null)
    {
        var (status, list) = await app.GetAsync("1.0/interventions?limit=150&" + query, token);
        Assert.Equal(200, status);
        var ids = list.GetProperty("records").EnumerateArray().Select(v => v.GetProperty("id").GetString()!).ToList();
        Assert.Equal(list.GetProperty("count").GetInt32(), ids.Count);
        return ids;
    }

    [Fact]
    public async Task Interventions_are_listed_across_threads_by_user_identity_and_status_newest_first()
    {
        var (sourceId, secret) = await SourceAsync("List source");
        var (agentId, agentToken) = await AgentAsync("list-agent@example.com", sourceId);
        var (first, alice) = await MessageAsync(sourceId, secret, "list-1", "list-alice");
        var (second, bob) = await MessageAsync(sourceId, secret, "list-2", "list-bob");
        var (third, _) = await MessageAsync(sourceId, secret, "list-3", "list-alice");
        var byAdmin1 = await OpenAsync(first);
        var byAgent = await OpenAsync(second, agentToken);
        var byAdmin3 = await OpenAsync(third);

        Assert.Equal([byAgent], await ListedAsync($"user_id={agentId}"));
        Assert.Equal([byAdmin3, byAgent, byAdmin1], await ListedAsync($"identity_id[]={alice}&identity_id[]={bob}"));
        Assert.Equal([byAdmin3, byAdmin1], await ListedAsync($"identity_id={alice}"));
        Assert.Equal([byAdmin3, byAgent, byAdmin1], await ListedAsync($"status=opened&identity_id[]={alice}&identity_id[]={bob}"));

        // Canceling one moves it from active to closed; updating the oldest puts it first by updated_at.
        using (var cancel = new HttpRequestMessage(HttpMethod.Delete, $"1.0/interventions/{byAdmin3}/cancel"))
        {
            cancel.Headers.Authorization = new("Bearer", app.AdminToken);
            Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(cancel)).StatusCode);
        }
        var (categorized, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{byAdmin1}/update_categories", []);
        Assert.Equal(200, categorized);
        var both = $"identity_id[]={alice}&identity_id[]={bob}";
        Assert.Equal([byAdmin3], await ListedAsync($"status=closed&{both}"));
        Assert.Equal([byAgent, byAdmin1], await ListedAsync($"status=active&{both}"));
        Assert.Equal([byAdmin1, byAdmin3, byAgent], await ListedAsync($"sort=updated_at&{both}"));
        Assert.Empty(await ListedAsync($"status=deferred&{both}"));
    }

    [Fact]
    public async Task A_user_lists_only_interventions_of_sources_they_may_read()
    {
        var (sourceId, secret) = await SourceAsync("Private list source");
        var (content, identity) = await MessageAsync(sourceId, secret, "hidden-1", "hidden-customer");
        var intervention = await OpenAsync(content);
        var (_, outsiderToken) = await AgentAsync("outsider@example.com", sourceId: null);
        var (_, readerToken) = await AgentAsync("reader@example.com", sourceId, "read");

        Assert.Empty(await ListedAsync($"identity_id={identity}", outsiderToken));
        Assert.Equal([intervention], await ListedAsync($"identity_id={identity}", readerToken));
    }

    [Theory]
    [InlineData("status=open")]
    [InlineData("sort=closed_at")]
    [InlineData("identity_group_id=not-an-id")]
    public async Task Unknown_filters_are_refused_rather_than_ignored(string query)
    {
        var (status, error) = await app.GetAsync("1.0/interventions?" + query);
        Assert.Equal((422, "invalid_parameter"), (status, error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Racing_reassignments_leave_the_list_showing_the_intervention_as_stored()
    {
        var (sourceId, secret) = await SourceAsync("Race list source");
        var (content, identity) = await MessageAsync(sourceId, secret, "race-1", "race-customer");
        var intervention = await OpenAsync(content);
        var agents = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => AgentAsync($"race-{i}@example.com", sourceId)));

        var results = await Task.WhenAll(agents.Select(a => app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{intervention}/reassign", [P("user_id", a.UserId)])));
        Assert.All(results, r => Assert.Equal(200, r.Status));
        var (_, stored) = await app.GetAsync($"1.0/interventions/{intervention}");
        var owner = stored.GetProperty("user_id").GetString()!;

        foreach (var (userId, _) in agents)
        {
            Assert.Equal(userId == owner ? [intervention] : [], await ListedAsync($"user_id={userId}&identity_id={identity}"));
        }
    }

    [Fact]
    public async Task An_intervention_whose_list_write_was_lost_is_listed_again_by_the_outbox_dispatcher()
    {
        var (sourceId, secret) = await SourceAsync("Lost list source");
        var (content, identity) = await MessageAsync(sourceId, secret, "lost-v-1", "lost-customer");
        var interventionId = await OpenAsync(content);
        var index = new TableClient(app.Azurite.ConnectionString, StorageNames.InterventionIndexTable);
        var threads = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadsTable);
        var intervention = (await threads.GetEntityAsync<InterventionEntity>(Engage.Domain.Ids.EngageId.BucketOfId(interventionId), ThreadPartition.InterventionKey(interventionId))).Value;

        // Let the open's own dispatch finish first, or it would repair the row we are about to lose.
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            !await threads.QueryAsync<TableEntity>($"PartitionKey eq '{intervention.PartitionKey}' and RowKey ge 'o|' and RowKey lt 'o}}'").AnyAsync()));

        // The process "died" after committing: the list row is missing, the outbox row and its announcement remain.
        await index.DeleteEntityAsync(sourceId, InterventionIndex.RowKey(intervention));
        Assert.Empty(await ListedAsync($"identity_id={identity}"));
        var eventId = Engage.Domain.Ids.EngageId.New(DateTimeOffset.UtcNow);
        var outbox = new OutboxEntity
        {
            PartitionKey = intervention.PartitionKey, RowKey = ThreadKeys.Outbox(eventId), EventId = eventId, Type = "intervention.opened",
            SourceId = sourceId, ThreadId = intervention.ThreadId, ResourceType = "intervention", ResourceId = interventionId,
            InterventionId = interventionId, IssuedAt = DateTimeOffset.UtcNow,
        };
        await threads.AddEntityAsync(outbox);
        await app.Host.Services.GetRequiredService<OutboxAnnouncer>().AnnounceAsync(new OutboxMessage(StorageNames.ThreadsTable, outbox.PartitionKey, outbox.RowKey), CancellationToken.None);

        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ListedAsync($"identity_id={identity}")).SequenceEqual([interventionId])), "the dispatcher did not repair the list");
    }
}
