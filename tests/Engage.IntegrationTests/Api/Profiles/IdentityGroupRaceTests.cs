using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.IdentityGroups;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Issue 10, concurrency: writers of different fields of one profile never lose each other's field; writers of the
/// same field get 409 rather than silently overwriting a value they never saw; a merge while messages arrive for both
/// identities loses no message and no field the messages brought.
/// </summary>
public sealed class IdentityGroupRaceTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<JsonElement> NewCustomerAsync(string authorId, string? sourceId = null, string? secret = null)
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("first-" + authorId, "t-" + authorId, "Hi", authorId: authorId), sourceId, secret)).StatusCode);
        var (_, identities) = await app.GetAsync($"1.0/identities?foreign_id={authorId}" + (sourceId is null ? "" : $"&source_id={sourceId}"));
        return identities.GetProperty("records")[0];
    }

    [Fact]
    public async Task Two_writers_of_different_fields_at_once_both_keep_their_field()
    {
        await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Order number")]);
        var group = (await NewCustomerAsync("race-disjoint")).GetProperty("identity_group_id").GetString()!;
        for (var round = 0; round < 10; round++)
        {
            var writes = new[]
            {
                app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("custom_field_values[order_number]", $"A-{round}")]),
                app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("notes", $"note {round}")]),
                app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("emails[]", $"r{round}@example.com")]),
                app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("company", $"Company {round}")]),
            };
            var answers = await Task.WhenAll(writes);
            Assert.All(answers, a => Assert.True(a.Status == 200, a.Json.ToString()));
            var (_, profile) = await app.GetAsync($"1.0/identity_groups/{group}");
            Assert.Equal($"A-{round}", profile.GetProperty("custom_field_values").GetProperty("order_number").GetString());
            Assert.Equal($"note {round}", profile.GetProperty("notes").GetString());
            Assert.Equal([$"r{round}@example.com"], profile.GetProperty("emails").EnumerateArray().Select(e => e.GetString()!).ToList());
            Assert.Equal($"Company {round}", profile.GetProperty("company").GetString());
        }
    }

    [Fact]
    public async Task Writers_of_the_same_field_at_once_get_200_or_409_and_the_field_holds_a_value_one_of_them_was_told_it_wrote()
    {
        var group = (await NewCustomerAsync("race-same")).GetProperty("identity_group_id").GetString()!;
        var conflicts = 0;
        for (var round = 0; round < 5; round++)
        {
            var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
                app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("notes", $"writer {round}-{i}")])));
            Assert.All(answers, a => Assert.True(a.Status is 200 or 409, a.Json.ToString()));
            conflicts += answers.Count(a => a.Status == 409);
            Assert.All(answers.Where(a => a.Status == 409), a => Assert.Equal("conflict", a.Json.GetProperty("error").GetString()));
            var winners = answers.Where(a => a.Status == 200).Select(a => a.Json.GetProperty("notes").GetString()).ToList();
            Assert.NotEmpty(winners);
            Assert.Contains((await app.GetAsync($"1.0/identity_groups/{group}")).Json.GetProperty("notes").GetString(), winners);
        }
        // Six writers at once on one row: some lose the ETag race on a field another changed, and are told so.
        Assert.True(conflicts > 0, "no writer ever lost a race on the same field");
    }

    [Fact]
    public async Task Merging_while_messages_arrive_for_both_identities_loses_no_message_and_no_field()
    {
        var (_, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Race source"), P("active", "true")]);
        var (otherSource, otherSecret) = (source.GetProperty("id").GetString()!, source.GetProperty("secret").GetString()!);
        var web = await NewCustomerAsync("race-web");
        var phone = await NewCustomerAsync("race-phone", otherSource, otherSecret);
        var target = web.GetProperty("identity_group_id").GetString()!;

        // Each message brings a new email for its identity, while the phone identity is merged into the web one's group.
        var messages = Enumerable.Range(0, 8).SelectMany(i => new[]
        {
            app.PushAsync(EngageFixture.Message($"race-web-{i}", "t-race-web", $"web {i}", authorId: "race-web", customize: p => p["author"]!["email"] = $"web{i}@example.com")),
            app.PushAsync(EngageFixture.Message($"race-phone-{i}", "t-race-phone", $"phone {i}", authorId: "race-phone", customize: p => p["author"]!["email"] = $"phone{i}@example.com"), otherSource, otherSecret),
        }).ToList();
        var merge = app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{target}/merge", [P("associated_identity_id", phone.GetProperty("id").GetString()!)]);
        Assert.All(await Task.WhenAll(messages), r => Assert.Equal(200, (int)r.StatusCode));
        Assert.Equal(200, (await merge).Status);

        var (_, phoneNow) = await app.GetAsync($"1.0/identities/{phone.GetProperty("id").GetString()}");
        Assert.Equal(target, phoneNow.GetProperty("identity_group_id").GetString());
        var (_, profile) = await app.GetAsync($"1.0/identity_groups/{target}");
        var emails = profile.GetProperty("emails").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        // Every email any message brought, for either identity, ended in the merged profile.
        var missing = Enumerable.Range(0, 8).SelectMany(i => new[] { $"web{i}@example.com", $"phone{i}@example.com" }).Where(e => !emails.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "missing: " + string.Join(", ", missing));
        Assert.Equal(2, profile.GetProperty("identity_ids").GetArrayLength());
        foreach (var author in new[] { web, phone })
        {
            var (_, contents) = await app.GetAsync("1.0/contents?limit=150&q=" + Uri.EscapeDataString("identity:" + author.GetProperty("id").GetString()));
            Assert.Equal(9, contents.GetProperty("count").GetInt64());
        }
        Assert.Equal(404, (await app.GetAsync($"1.0/identity_groups/{phone.GetProperty("identity_group_id").GetString()}")).Status);
    }

    [Fact]
    public async Task A_merge_cut_short_after_its_first_step_is_finished_by_the_outbox_dispatcher()
    {
        var kept = await NewCustomerAsync("cut-kept");
        var moved = await NewCustomerAsync("cut-moved");
        var target = kept.GetProperty("identity_group_id").GetString()!;
        var old = moved.GetProperty("identity_group_id").GetString()!;
        var movedId = moved.GetProperty("id").GetString()!;

        // The process "died" after the first step committed: the old group holds the move's claim, the target lists the
        // identity and holds the outbox row, but the identity still names its old group, which still lists it.
        var groups = new TableClient(app.Azurite.ConnectionString, StorageNames.IdentityGroupsTable);
        var oldGroup = (await groups.GetEntityAsync<IdentityGroupEntity>(old, "")).Value;
        IdentityGroupStore.SetLeaving(oldGroup, new() { [movedId] = new Departure(target, DateTimeOffset.UtcNow) });
        await groups.UpdateEntityAsync(oldGroup, oldGroup.ETag, TableUpdateMode.Replace);
        var group = (await groups.GetEntityAsync<IdentityGroupEntity>(target, "")).Value;
        var members = JsonSerializer.Deserialize<Dictionary<string, string>>(group.IdentityIdsJson)!;
        members[movedId] = moved.GetProperty("source_id").GetString()!;
        group.IdentityIdsJson = JsonSerializer.Serialize(members);
        await groups.UpdateEntityAsync(group, group.ETag, TableUpdateMode.Replace);
        const string eventId = "5f1b2c3d4e5f6a7b8c9d0eaa";
        var metadata = new JsonObject { ["id"] = movedId, ["old_identity_group_id"] = old, ["new_identity_group_id"] = target };
        var row = new OutboxEntity
        {
            PartitionKey = target, RowKey = "o|" + eventId, EventId = eventId, Type = "identity.merged", IssuedAt = DateTimeOffset.UtcNow,
            SourceId = app.Bootstrap.SourceId, ResourceType = "identity", ResourceId = movedId, MetadataJson = metadata.ToJsonString(),
        };
        await groups.AddEntityAsync(row);
        await app.Host.Services.GetRequiredService<OutboxAnnouncer>().AnnounceAsync(new OutboxMessage(StorageNames.IdentityGroupsTable, target, row.RowKey), CancellationToken.None);

        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (await app.GetAsync($"1.0/identities/{movedId}")).Json.GetProperty("identity_group_id").GetString() == target), "the dispatcher did not finish the merge");
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await app.GetAsync($"1.0/identity_groups/{old}")).Status == 404), "the old group was left");
        var (_, events) = await app.GetAsync("1.0/events?q=" + Uri.EscapeDataString("name_in:identity.merged"));
        Assert.Contains(events.GetProperty("records").EnumerateArray(), e => e.GetProperty("id").GetString() == eventId);
    }

    [Fact]
    public async Task A_writer_that_sends_If_Match_gets_409_when_the_group_changed_since_it_read_it()
    {
        var group = (await NewCustomerAsync("if-match")).GetProperty("identity_group_id").GetString()!;
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? ifMatch, params KeyValuePair<string, string>[] form)
        {
            var request = new HttpRequestMessage(method, $"1.0/identity_groups/{group}");
            if (method != HttpMethod.Get) request.Content = new FormUrlEncodedContent(form);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
            if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            return await app.Http.SendAsync(request);
        }
        var read = await SendAsync(HttpMethod.Get, null);
        var etag = read.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(etag));

        // Someone else writes another field meanwhile: without If-Match both would win, with it the stale writer is told.
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("company", "Acme")])).Status);
        var stale = await SendAsync(HttpMethod.Put, etag, P("notes", "from a stale form"));
        Assert.Equal(409, (int)stale.StatusCode);
        Assert.Equal("conflict", (await EngageFixture.ReadJsonAsync(stale)).GetProperty("error").GetString());

        var fresh = (await SendAsync(HttpMethod.Get, null)).Headers.ETag?.ToString();
        var written = await SendAsync(HttpMethod.Put, fresh, P("notes", "from a fresh form"));
        Assert.Equal(200, (int)written.StatusCode);
        Assert.NotEqual(fresh, written.Headers.ETag?.ToString());
        var (_, profile) = await app.GetAsync($"1.0/identity_groups/{group}");
        Assert.Equal(("Acme", "from a fresh form"), (profile.GetProperty("company").GetString(), profile.GetProperty("notes").GetString()));
        Assert.Equal(200, (int)(await SendAsync(HttpMethod.Put, "*", P("notes", "any version"))).StatusCode);
    }
}
