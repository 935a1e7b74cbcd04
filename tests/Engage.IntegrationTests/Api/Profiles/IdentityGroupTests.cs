using System.Text.Json;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Issue 10: identity groups as customer profiles. Every new identity gets one, made from what the channel sent; the
/// profile is written field by field; merging links a customer's identities on several sources to one profile; lists
/// of identities and interventions filter by group; a group is visible only through a readable source.
/// </summary>
public sealed class IdentityGroupTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<JsonElement> IdentityAsync(string foreignId, string? sourceId = null)
    {
        var (_, identities) = await app.GetAsync($"1.0/identities?foreign_id={foreignId}" + (sourceId is null ? "" : $"&source_id={sourceId}"));
        return identities.GetProperty("records")[0];
    }

    private async Task PushAsync(string messageId, string authorId, Action<System.Text.Json.Nodes.JsonObject>? author = null, string? sourceId = null, string? secret = null)
    {
        var body = EngageFixture.Message(messageId, "t-" + authorId, "Hello", authorId: authorId, customize: p => author?.Invoke(p["author"]!.AsObject()));
        var response = await app.PushAsync(body, sourceId, secret);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static string Group(JsonElement identity) => identity.GetProperty("identity_group_id").GetString()!;

    private static List<string> Strings(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetString()!).ToList();

    private async Task<(string Id, string Secret)> SecondSourceAsync(string name)
    {
        var (_, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        return (source.GetProperty("id").GetString()!, source.GetProperty("secret").GetString()!);
    }

    [Fact]
    public async Task A_new_identity_gets_a_group_made_from_the_channel_user_and_later_user_fields_are_kept_in_sync()
    {
        await PushAsync("sync-1", "sync-customer", a => { a["firstname"] = "Bea"; a["email"] = "bea@example.com"; a["mobile_phone"] = "+33600000001"; });
        var identity = await IdentityAsync("sync-customer");
        var (status, group) = await app.GetAsync($"1.0/identity_groups/{Group(identity)}");
        Assert.Equal(200, status);
        Assert.Equal("Bea", group.GetProperty("firstname").GetString());
        Assert.Equal(["bea@example.com"], Strings(group, "emails"));
        Assert.Equal(["+33600000001"], Strings(group, "mobile_phones"));
        Assert.Equal([identity.GetProperty("id").GetString()!], Strings(group, "identity_ids"));

        // What an agent wrote stays; what the channel sends later fills the gaps and adds new addresses.
        await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{Group(identity)}", [P("firstname", "Beatrice")]);
        await PushAsync("sync-2", "sync-customer", a => { a["firstname"] = "B."; a["lastname"] = "Martin"; a["email"] = "bea@work.example.com"; a["avatar_url"] = "https://example.com/bea.png"; });
        var (_, synced) = await app.GetAsync($"1.0/identity_groups/{Group(identity)}");
        Assert.Equal(("Beatrice", "Martin", "https://example.com/bea.png"), (synced.GetProperty("firstname").GetString(), synced.GetProperty("lastname").GetString(), synced.GetProperty("avatar_url").GetString()));
        Assert.Equal(["bea@example.com", "bea@work.example.com"], Strings(synced, "emails"));
        Assert.Equal("B.", (await IdentityAsync("sync-customer")).GetProperty("firstname").GetString());
    }

    [Fact]
    public async Task An_imported_identity_has_a_profile_before_it_writes_and_its_messages_join_it()
    {
        async Task<(int Status, JsonElement Json)> ImportAsync(params KeyValuePair<string, string>[] form) =>
            await app.SendFormAsync(HttpMethod.Post, "1.0/identities/import", [P("source_id", app.Bootstrap.SourceId), P("identifier", "imported-1"), .. form]);
        var (status, imported) = await ImportAsync(P("firstname", "Fay"), P("company", "Globex"), P("gender", "woman"), P("mobile_phone", "+4411"));
        Assert.True(status == 201, imported.ToString());
        Assert.Equal(("imported-1", "Globex", "woman"), (imported.GetProperty("foreign_id").GetString(), imported.GetProperty("company").GetString(), imported.GetProperty("gender").GetString()));
        var group = Group(imported);
        var (_, profile) = await app.GetAsync($"1.0/identity_groups/{group}");
        Assert.Equal(("Fay", "Globex", "woman"), (profile.GetProperty("firstname").GetString(), profile.GetProperty("company").GetString(), profile.GetProperty("gender").GetString()));

        // Without upsert an existing identity is answered as it is; with it, the given fields change.
        Assert.Equal("Fay", (await ImportAsync(P("firstname", "Other"))).Json.GetProperty("firstname").GetString());
        var (_, upserted) = await ImportAsync(P("firstname", "Faye"), P("upsert", "true"));
        Assert.Equal(("Faye", "Globex"), (upserted.GetProperty("firstname").GetString(), upserted.GetProperty("company").GetString()));

        // The author's first message lands on the imported identity, in the same profile.
        await PushAsync("imported-msg", "imported-1", a => a["email"] = "fay@globex.example");
        var identity = await IdentityAsync("imported-1");
        Assert.Equal(imported.GetProperty("id").GetString(), identity.GetProperty("id").GetString());
        Assert.Equal(["fay@globex.example"], Strings((await app.GetAsync($"1.0/identity_groups/{group}")).Json, "emails"));

        Assert.Equal("missing_parameter", (await app.SendFormAsync(HttpMethod.Post, "1.0/identities/import", [P("source_id", app.Bootstrap.SourceId)])).Json.GetProperty("error").GetString());
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/identities/import", [P("source_id", "5f1b2c3d4e5f6a7b8c9d0e1f"), P("identifier", "x")])).Status);
        var (_, agentToken, _) = await app.UserWithTokenAsync("import-agent@example.com", "agent", "read,reply", app.Bootstrap.SourceId);
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Post, "1.0/identities/import", [P("source_id", app.Bootstrap.SourceId), P("identifier", "y")], agentToken)).Status);
    }

    [Fact]
    public async Task Put_writes_the_named_fields_only_and_the_list_filters_by_name_email_and_ids()
    {
        await PushAsync("put-1", "put-customer", a => a["firstname"] = "Carl");
        var group = Group(await IdentityAsync("put-customer"));
        var (_, tag) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "Gold")]);
        var (status, updated) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}",
        [
            P("lastname", "Jung"), P("company", "Acme"), P("gender", "man"), P("notes", "Prefers email"), P("emails[]", "carl@acme.example"),
            P("emails[]", "CARL@acme.example"), P("home_phones[]", "+4930123"), P("mobile_phones[]", "+49170123"), P("tag_ids[]", tag.GetProperty("id").GetString()!),
        ]);
        Assert.True(status == 200, updated.ToString());
        Assert.Equal(("Carl", "Jung", "Acme", "man", "Prefers email"), (updated.GetProperty("firstname").GetString(), updated.GetProperty("lastname").GetString(),
            updated.GetProperty("company").GetString(), updated.GetProperty("gender").GetString(), updated.GetProperty("notes").GetString()));
        Assert.Equal(["carl@acme.example"], Strings(updated, "emails"));
        Assert.Equal([tag.GetProperty("id").GetString()!], Strings(updated, "tag_ids"));

        // An empty value clears a field; fields not named stay.
        var (_, cleared) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("company", ""), P("home_phones[]", "")]);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("company").ValueKind);
        Assert.Empty(Strings(cleared, "home_phones"));
        Assert.Equal("Jung", cleared.GetProperty("lastname").GetString());

        foreach (var query in new[] { "firstname=carl", "lastname=JUNG", "email=Carl@Acme.example", $"ids={group}" })
        {
            var (_, list) = await app.GetAsync("1.0/identity_groups?" + query);
            Assert.Equal([group], list.GetProperty("records").EnumerateArray().Select(g => g.GetProperty("id").GetString()!).ToList());
        }
        var (_, byUpdate) = await app.GetAsync("1.0/identity_groups?sort=updated_at&limit=1");
        Assert.Equal(group, byUpdate.GetProperty("records")[0].GetProperty("id").GetString());
        Assert.Equal(422, (await app.GetAsync("1.0/identity_groups?uuid=x")).Status);
        Assert.Equal(422, (await app.GetAsync("1.0/identity_groups?sort=name")).Status);
    }

    [Fact]
    public async Task A_group_is_visible_only_through_a_readable_source()
    {
        var (otherSource, otherSecret) = await SecondSourceAsync("Hidden source");
        await PushAsync("hidden-1", "hidden-customer", sourceId: otherSource, secret: otherSecret);
        var group = Group(await IdentityAsync("hidden-customer", otherSource));
        var (_, agentToken, _) = await app.UserWithTokenAsync("group-agent@example.com", "agent", "read,reply", app.Bootstrap.SourceId);
        Assert.Equal(404, (await app.GetAsync($"1.0/identity_groups/{group}", agentToken)).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("notes", "x")], agentToken)).Status);
        var (_, list) = await app.GetAsync($"1.0/identity_groups?ids={group}", agentToken);
        Assert.Equal(0, list.GetProperty("count").GetInt64());
        // Merging needs update_identity, which agents do not have.
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}/merge", [P("associated_identity_id", "5f1b2c3d4e5f6a7b8c9d0e1f")], agentToken)).Status);
    }

    [Fact]
    public async Task Merging_an_identity_of_another_source_shares_one_profile_and_unmerging_gives_it_its_own_again()
    {
        var (otherSource, otherSecret) = await SecondSourceAsync("Merge source");
        await PushAsync("merge-a", "merge-web", a => { a["firstname"] = "Dana"; a["email"] = "dana@example.com"; });
        await PushAsync("merge-b", "merge-phone", a => a["mobile_phone"] = "+15550001", sourceId: otherSource, secret: otherSecret);
        var web = await IdentityAsync("merge-web");
        var phone = await IdentityAsync("merge-phone", otherSource);
        var target = Group(web);
        var old = Group(phone);
        await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{old}", [P("notes", "Called about a refund"), P("firstname", "Danielle")]);

        var (status, merged) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{target}/merge", [P("associated_identity_id", phone.GetProperty("id").GetString()!)]);
        Assert.True(status == 200, merged.ToString());
        Assert.Equal([web.GetProperty("id").GetString()!, phone.GetProperty("id").GetString()!], Strings(merged, "identity_ids"));
        // The group's attributes win; what only the old profile had is kept.
        Assert.Equal(("Dana", "Called about a refund"), (merged.GetProperty("firstname").GetString(), merged.GetProperty("notes").GetString()));
        Assert.Equal(["+15550001"], Strings(merged, "mobile_phones"));
        Assert.Equal(target, Group(await IdentityAsync("merge-phone", otherSource)));
        Assert.Equal(404, (await app.GetAsync($"1.0/identity_groups/{old}")).Status);

        // Lists filter by the group: both identities, and the interventions of both.
        var (_, members) = await app.GetAsync($"1.0/identities?identity_group_id={target}");
        Assert.Equal(2, members.GetProperty("count").GetInt64());
        var (_, customerContents) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString($"identity_group:{target}"));
        Assert.Equal(["merge-a", "merge-b"], customerContents.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("foreign_id").GetString()!).Order().ToList());
        var (_, webOnly) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString($"identity_group:{target} source:{app.Bootstrap.SourceId}"));
        Assert.Equal(1, webOnly.GetProperty("count").GetInt64());
        var (_, customerThreads) = await app.GetAsync("1.0/content_threads?q=" + Uri.EscapeDataString($"identity_group:{target}"));
        Assert.Equal(["t-merge-phone", "t-merge-web"], customerThreads.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("foreign_id").GetString()!).Order().ToList());
        var (_, contents) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString("identity:" + phone.GetProperty("id").GetString()));
        var (opened, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contents.GetProperty("records")[0].GetProperty("id").GetString()}", []);
        Assert.Equal(200, opened);
        var (_, interventions) = await app.GetAsync($"1.0/interventions?identity_group_id={target}");
        Assert.Equal(phone.GetProperty("id").GetString(), interventions.GetProperty("records")[0].GetProperty("identity_id").GetString());
        Assert.Equal(0, (await app.GetAsync("1.0/interventions?identity_group_id=5f1b2c3d4e5f6a7b8c9d0e1f")).Json.GetProperty("count").GetInt64());

        // Merging again is a no-op; unmerging takes it out into a group of its own.
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{target}/merge", [P("associated_identity_id", phone.GetProperty("id").GetString()!)])).Status);
        var (unmerged, left) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{target}/unmerge", [P("associated_identity_id", phone.GetProperty("id").GetString()!)]);
        Assert.True(unmerged == 200, left.ToString());
        Assert.Equal([web.GetProperty("id").GetString()!], Strings(left, "identity_ids"));
        var own = Group(await IdentityAsync("merge-phone", otherSource));
        Assert.NotEqual(target, own);
        Assert.Equal(["+15550001"], Strings((await app.GetAsync($"1.0/identity_groups/{own}")).Json, "mobile_phones"));
        Assert.Equal("last_identity", (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{own}/unmerge", [P("associated_identity_id", phone.GetProperty("id").GetString()!)])).Json.GetProperty("error").GetString());

        // Both moves were announced with the old and the new group.
        async Task<JsonElement?> EventAsync(string type)
        {
            var (_, events) = await app.GetAsync("1.0/events?limit=150&q=" + Uri.EscapeDataString("name_in:" + type));
            return events.GetProperty("records").EnumerateArray().Cast<JsonElement?>().FirstOrDefault();
        }
        Assert.True(await EngageFixture.EventuallyAsync(async () => await EventAsync("identity.merged") is not null && await EventAsync("identity.unmerged") is not null));
        var mergedEvent = (await EventAsync("identity.merged"))!.Value.ToString();
        Assert.Contains($"\"old_identity_group_id\":\"{old}\"", mergedEvent);
        Assert.Contains($"\"new_identity_group_id\":\"{target}\"", mergedEvent);
        var unmergedEvent = (await EventAsync("identity.unmerged"))!.Value.ToString();
        Assert.Contains($"\"old_identity_group_id\":\"{target}\"", unmergedEvent);
        Assert.Contains($"\"new_identity_group_id\":\"{own}\"", unmergedEvent);
    }
}
