using System.Text.Json;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Issue 10: tags and custom field definitions as an admin manages them, and custom field values as bots and agents
/// write them on identity groups and interventions (typed, checked, 422 naming the field and the reason).
/// </summary>
public sealed class TagAndCustomFieldTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<string> GroupOfNewCustomerAsync(string authorId)
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-" + authorId, "t-" + authorId, "Hi", authorId: authorId))).StatusCode);
        var (_, identities) = await app.GetAsync($"1.0/identities?foreign_id={authorId}");
        return identities.GetProperty("records")[0].GetProperty("identity_group_id").GetString()!;
    }

    [Fact]
    public async Task Tags_are_created_listed_by_name_renamed_and_deleted_and_bad_requests_get_contract_errors()
    {
        var (created, vip) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "VIP")]);
        Assert.Equal(200, created);
        var (_, angry) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "angry")]);
        var vipId = vip.GetProperty("id").GetString()!;
        var angryId = angry.GetProperty("id").GetString()!;

        var (_, list) = await app.GetAsync($"1.0/tags?ids={vipId},{angryId}");
        Assert.Equal(2, list.GetProperty("count").GetInt64());
        Assert.Equal(["angry", "VIP"], list.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList());

        var (taken, takenError) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "vip")]);
        Assert.Equal((422, "tag_name_taken"), (taken, takenError.GetProperty("error").GetString()));
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [])).Status);

        var (renamed, renamedTag) = await app.SendFormAsync(HttpMethod.Put, $"1.0/tags/{angryId}", [P("name", "Unhappy")]);
        Assert.Equal((200, "Unhappy"), (renamed, renamedTag.GetProperty("name").GetString()));
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/tags/{angryId}", [])).Status);
        var (gone, goneError) = await app.GetAsync($"1.0/tags/{angryId}");
        Assert.Equal((404, "not_found"), (gone, goneError.GetProperty("error").GetString()));
        Assert.Equal(404, (await app.GetAsync("1.0/tags/not-an-id")).Status);

        // Agents read tags but do not manage them.
        var (_, agentToken, _) = await app.UserWithTokenAsync("tag-agent@example.com", "agent", "read,reply", app.Bootstrap.SourceId);
        Assert.Equal(200, (await app.GetAsync($"1.0/tags/{vipId}", agentToken)).Status);
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "mine")], agentToken)).Status);
    }

    [Fact]
    public async Task Custom_fields_are_typed_and_values_are_checked_naming_the_field_and_the_reason()
    {
        async Task<string> FieldAsync(params KeyValuePair<string, string>[] form)
        {
            var (status, field) = await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", form);
            Assert.True(status == 200, field.ToString());
            return field.GetProperty("id").GetString()!;
        }
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Loyalty points"), P("type", "integer"));
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Plan"), P("type", "single_choice"), P("choices[]", "free"), P("choices[]", "pro"));
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Interests"), P("type", "multiple_choice"), P("choices[]", "bikes"), P("choices[]", "boats"));
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Newsletter"), P("type", "boolean"));
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Birthday"), P("type", "date"));
        await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "Ratio"), P("type", "float"));
        var locked = await FieldAsync(P("associated_type_name", "IdentityGroup"), P("label", "CRM id"), P("read_only", "true"));
        await FieldAsync(P("associated_type_name", "Intervention"), P("label", "Refund amount"), P("key", "refund"), P("type", "float"));

        var (_, one) = await app.GetAsync($"1.0/custom_fields/{locked}");
        Assert.Equal(("crm_id", "string", "IdentityGroup"), (one.GetProperty("key").GetString(), one.GetProperty("type").GetString(), one.GetProperty("associated_type_name").GetString()));
        var (_, all) = await app.GetAsync("1.0/custom_fields?limit=150");
        Assert.Equal(8, all.GetProperty("count").GetInt64());

        // Definitions are checked.
        Assert.Equal("custom_field_key_taken", (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Plan")])).Json.GetProperty("error").GetString());
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Color"), P("type", "single_choice")])).Status);
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "Contact"), P("label", "X")])).Status);
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "X"), P("type", "color")])).Status);

        var group = await GroupOfNewCustomerAsync("typed-customer");
        var (ok, written) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}",
        [
            P("custom_field_values[loyalty_points]", "120"), P("custom_field_values[plan]", "pro"), P("custom_field_values[interests][]", "bikes"),
            P("custom_field_values[interests][]", "boats"), P("custom_field_values[newsletter]", "yes"), P("custom_field_values[birthday]", "1990-02-28"),
            P("custom_field_values[ratio]", "0.5"),
        ]);
        Assert.True(ok == 200, written.ToString());
        var values = written.GetProperty("custom_field_values");
        Assert.Equal(120, values.GetProperty("loyalty_points").GetInt64());
        Assert.Equal("pro", values.GetProperty("plan").GetString());
        Assert.Equal(["bikes", "boats"], values.GetProperty("interests").EnumerateArray().Select(v => v.GetString()!).ToList());
        Assert.True(values.GetProperty("newsletter").GetBoolean());
        Assert.Equal("1990-02-28", values.GetProperty("birthday").GetString());
        Assert.Equal(0.5, values.GetProperty("ratio").GetDouble());

        foreach (var (name, value, error, mention) in new[]
        {
            ("loyalty_points", "many", "invalid_custom_field_value", "whole number"),
            ("plan", "gold", "invalid_custom_field_value", "one of free, pro"),
            ("newsletter", "maybe", "invalid_custom_field_value", "true or false"),
            ("birthday", "28/02/1990", "invalid_custom_field_value", "date"),
            ("crm_id", "42", "read_only_custom_field", "read-only"),
            ("shoe_size", "42", "unknown_custom_field", "names no custom field"),
        })
        {
            var (status, refusal) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P($"custom_field_values[{name}]", value)]);
            Assert.Equal((422, error), (status, refusal.GetProperty("error").GetString()));
            Assert.Contains($"custom_field_values[{name}]", refusal.GetProperty("message").GetString());
            Assert.Contains(mention, refusal.GetProperty("message").GetString());
        }
        // Nothing of a refused request was written.
        Assert.Equal(120, (await app.GetAsync($"1.0/identity_groups/{group}")).Json.GetProperty("custom_field_values").GetProperty("loyalty_points").GetInt64());
        // An empty value removes it.
        var (_, removed) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("custom_field_values[plan]", "")]);
        Assert.False(removed.GetProperty("custom_field_values").TryGetProperty("plan", out _));

        // Intervention values with a definition are typed and checked too.
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-refund", "t-refund", "Refund please", authorId: "refund-customer"))).StatusCode);
        var (_, contents) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString("identity:" + (await app.GetAsync("1.0/identities?foreign_id=refund-customer")).Json.GetProperty("records")[0].GetProperty("id").GetString()));
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contents.GetProperty("records")[0].GetProperty("id").GetString()}", []);
        var interventionId = intervention.GetProperty("id").GetString()!;
        var (badStatus, bad) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[refund]", "lots")]);
        Assert.Equal((422, "invalid_custom_field_value"), (badStatus, bad.GetProperty("error").GetString()));
        var (_, typed) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[refund]", "12.5")]);
        Assert.Equal(12.5, typed.GetProperty("custom_fields").GetProperty("refund").GetDouble());

        // The event carries the values, and what this write changed.
        JsonElement? updated = null;
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
        {
            var (_, events) = await app.GetAsync("1.0/events?q=" + Uri.EscapeDataString("name_in:intervention.custom_fields_updated"));
            updated = events.GetProperty("records").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(e => e!.Value.GetProperty("resource").GetProperty("id").GetString() == interventionId);
            return updated is not null;
        }));
        var metadata = updated!.Value.GetProperty("resource").GetProperty("metadata");
        Assert.Equal(12.5, metadata.GetProperty("custom_field_values").GetProperty("refund").GetDouble());
        Assert.Equal("""{"refund":12.5}""", metadata.GetProperty("changed_custom_field_values").GetRawText());
    }

    [Fact]
    public async Task Unknown_tags_and_unknown_ids_get_contract_errors()
    {
        var group = await GroupOfNewCustomerAsync("unknown-ids-customer");
        var (status, error) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("tag_ids[]", "5f1b2c3d4e5f6a7b8c9d0e1f")]);
        Assert.Equal((422, "unknown_tag"), (status, error.GetProperty("error").GetString()));
        Assert.Contains("5f1b2c3d4e5f6a7b8c9d0e1f", error.GetProperty("message").GetString());
        Assert.Equal(404, (await app.GetAsync("1.0/identity_groups/5f1b2c3d4e5f6a7b8c9d0e1f")).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Put, "1.0/identity_groups/5f1b2c3d4e5f6a7b8c9d0e1f", [P("firstname", "X")])).Status);
        Assert.Equal(404, (await app.GetAsync("1.0/custom_fields/5f1b2c3d4e5f6a7b8c9d0e1f")).Status);
        var (merge, mergeError) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}/merge", [P("associated_identity_id", "5f1b2c3d4e5f6a7b8c9d0e1f")]);
        Assert.Equal((422, "invalid_parameter"), (merge, mergeError.GetProperty("error").GetString()));
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("gender", "other")])).Status);
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("emails[]", "not-an-email")])).Status);
    }

    [Fact]
    public async Task Values_too_long_to_store_get_422_and_change_nothing()
    {
        Assert.Equal(("invalid_parameter", 422), await ErrorAsync(HttpMethod.Post, "1.0/tags", [P("name", new string('t', 300))]));
        Assert.Equal(("invalid_parameter", 422), await ErrorAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", new string('l', 100_000)), P("key", "long_label")]));
        Assert.Equal(("invalid_parameter", 422), await ErrorAsync(HttpMethod.Post, "1.0/custom_fields",
            [P("associated_type_name", "IdentityGroup"), P("label", "Plan"), P("key", "long_choice"), P("type", "single_choice"), P("choices[]", new string('c', 40_000))]));
        var (_, fields) = await app.GetAsync("1.0/custom_fields?limit=150");
        Assert.DoesNotContain(fields.GetProperty("records").EnumerateArray(), f => f.GetProperty("key").GetString() is "long_label" or "long_choice");

        // A value under a key with no definition is stored as given, so only the row's size stops it: 422, not 500.
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-huge", "t-huge", "Hi", authorId: "huge-values"))).StatusCode);
        var threadId = (await Faults.FaultApi.ThreadAsync(app, app.Bootstrap.SourceId, "t-huge")).GetProperty("id").GetString()!;
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={await Faults.FaultApi.ContentIdAsync(app, threadId, "m-huge")}", []);
        var interventionId = intervention.GetProperty("id").GetString()!;
        Assert.Equal(("too_large", 422), await ErrorAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[free_text]", new string('v', 40_000))]));
        var (_, after) = await app.GetAsync($"1.0/interventions/{interventionId}");
        Assert.False(after.GetProperty("custom_fields").TryGetProperty("free_text", out _));
    }

    [Fact]
    public async Task Only_writes_that_change_an_interventions_values_emit_custom_fields_updated_and_a_definitions_type_cannot_change()
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-same", "t-same", "Hi", authorId: "same-values"))).StatusCode);
        var threadId = (await Faults.FaultApi.ThreadAsync(app, app.Bootstrap.SourceId, "t-same")).GetProperty("id").GetString()!;
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={await Faults.FaultApi.ContentIdAsync(app, threadId, "m-same")}", []);
        var interventionId = intervention.GetProperty("id").GetString()!;

        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[order]", "A-1")])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[order]", "A-1")])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}", [P("custom_field_values[order]", "A-2")])).Status);

        async Task<List<string>> ChangesAsync() => (await Faults.FaultApi.EventsAsync(app, "name_in:intervention.custom_fields_updated"))
            .Where(e => e.GetProperty("resource").GetProperty("id").GetString() == interventionId)
            .Select(e => e.GetProperty("resource").GetProperty("metadata").GetProperty("changed_custom_field_values").GetRawText()).Order().ToList();
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ChangesAsync()).Count >= 2));
        await Task.Delay(1000); // an event for a write that changed nothing would be dispatched by now
        Assert.Equal(["""{"order":"A-1"}""", """{"order":"A-2"}"""], await ChangesAsync());
        // The writes that changed nothing took their announcement back: no dispatch looked for a row never written.
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("never committed"));

        var (_, field) = await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "Intervention"), P("label", "Fixed type"), P("type", "integer")]);
        var fieldId = field.GetProperty("id").GetString()!;
        Assert.Equal(("invalid_parameter", 422), await ErrorAsync(HttpMethod.Put, $"1.0/custom_fields/{fieldId}", [P("type", "date")]));
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/custom_fields/{fieldId}", [P("type", "integer"), P("label", "Fixed type, renamed")])).Status);
        Assert.Equal("integer", (await app.GetAsync($"1.0/custom_fields/{fieldId}")).Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Racing_creates_and_renames_to_one_name_leave_exactly_one_tag_with_it()
    {
        for (var round = 0; round < 6; round++)
        {
            var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", i % 2 == 0 ? $"Created {round}" : $"CREATED {round}")])));
            Assert.Single(created, c => c.Status == 200);
            Assert.All(created.Where(c => c.Status != 200), c => Assert.Equal("tag_name_taken", c.Json.GetProperty("error").GetString()));

            var (_, a) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", $"first {round}")]);
            var (_, b) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", $"second {round}")]);
            var renamed = await Task.WhenAll(
                app.SendFormAsync(HttpMethod.Put, $"1.0/tags/{a.GetProperty("id").GetString()}", [P("name", $"Same {round}")]),
                app.SendFormAsync(HttpMethod.Put, $"1.0/tags/{b.GetProperty("id").GetString()}", [P("name", $"SAME {round}")]));
            Assert.Single(renamed, r => r.Status == 200);
            Assert.Single(renamed, r => r.Status == 422 && r.Json.GetProperty("error").GetString() == "tag_name_taken");

            var (_, tags) = await app.GetAsync("1.0/tags?limit=150");
            var names = tags.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
            Assert.Single(names, n => string.Equals(n, $"same {round}", StringComparison.OrdinalIgnoreCase));
            Assert.Single(names, n => string.Equals(n, $"created {round}", StringComparison.OrdinalIgnoreCase));
        }

        // A name given up by a rename or a delete can be taken again at once.
        var (_, old) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "Reused")]);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/tags/{old.GetProperty("id").GetString()}", [P("name", "Renamed away")])).Status);
        var (again, reused) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "reused")]);
        Assert.True(again == 200, reused.ToString());
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/tags/{reused.GetProperty("id").GetString()}", [])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "REUSED")])).Status);
    }

    [Fact]
    public async Task A_deleted_tag_or_custom_field_left_on_a_profile_can_be_sent_back_as_read_or_cleared()
    {
        var group = await GroupOfNewCustomerAsync("deleted-definitions");
        var (_, tag) = await app.SendFormAsync(HttpMethod.Post, "1.0/tags", [P("name", "Soon deleted")]);
        var tagId = tag.GetProperty("id").GetString()!;
        var (_, field) = await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Old score"), P("type", "integer")]);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("tag_ids[]", tagId), P("custom_field_values[old_score]", "7")])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/tags/{tagId}", [])).Status);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/custom_fields/{field.GetProperty("id").GetString()}", [])).Status);

        // What a client read, sent back unchanged, is accepted; a new unknown tag or a new value without a definition is not.
        var (status, sentBack) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("tag_ids[]", tagId), P("firstname", "Dana")]);
        Assert.True(status == 200, sentBack.ToString());
        Assert.Equal([tagId], sentBack.GetProperty("tag_ids").EnumerateArray().Select(t => t.GetString()!).ToList());
        Assert.Equal(("unknown_tag", 422), await ErrorAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("tag_ids[]", tagId), P("tag_ids[]", "5f1b2c3d4e5f6a7b8c9d0e1f")]));
        Assert.Equal(("unknown_custom_field", 422), await ErrorAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("custom_field_values[old_score]", "8")]));

        var (cleared, profile) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("custom_field_values[old_score]", ""), P("tag_ids[]", "")]);
        Assert.True(cleared == 200, profile.ToString());
        Assert.False(profile.GetProperty("custom_field_values").TryGetProperty("old_score", out _));
        Assert.Empty(profile.GetProperty("tag_ids").EnumerateArray());
    }

    [Fact]
    public async Task Writes_that_change_nothing_keep_the_version_and_bad_input_is_named_in_the_error()
    {
        var group = await GroupOfNewCustomerAsync("no-change-customer");
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("firstname", "Noa")])).Status);
        var (_, before) = await app.GetAsync($"1.0/identity_groups/{group}");
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("firstname", "Noa"), P("not_a_field", "x")])).Status);
        var (_, after) = await app.GetAsync($"1.0/identity_groups/{group}");
        Assert.Equal(before.GetProperty("updated_at").GetString(), after.GetProperty("updated_at").GetString());

        var (status, refused) = await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "名前")]);
        Assert.Equal((422, "invalid_parameter"), (status, refused.GetProperty("error").GetString()));
        Assert.Contains("give key", refused.GetProperty("message").GetString());
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "名前"), P("key", "name_ja")])).Status);

        Assert.Equal(("invalid_parameter", 422), await ErrorAsync(HttpMethod.Post, "1.0/identities/import",
            [P("source_id", app.Bootstrap.SourceId), P("identifier", "long-name"), P("firstname", new string('f', 300))]));
    }

    [Fact]
    public async Task Threads_carry_typed_custom_field_values_shown_on_the_thread_and_in_its_event()
    {
        var (_, field) = await app.SendFormAsync(HttpMethod.Post, "1.0/custom_fields", [P("associated_type_name", "Thread"), P("label", "Order ref"), P("type", "integer")]);
        Assert.Equal("Thread", field.GetProperty("associated_type_name").GetString());
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-thread-fields", "t-thread-fields", "Hi", authorId: "thread-fields"))).StatusCode);
        var threadId = (await Faults.FaultApi.ThreadAsync(app, app.Bootstrap.SourceId, "t-thread-fields")).GetProperty("id").GetString()!;

        var (status, written) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}", [P("custom_field_values[order_ref]", "1042")]);
        Assert.True(status == 200, written.ToString());
        Assert.Equal(1042, written.GetProperty("custom_field_values").GetProperty("order_ref").GetInt64());
        Assert.Equal(1042, (await app.GetAsync($"1.0/content_threads/{threadId}")).Json.GetProperty("custom_field_values").GetProperty("order_ref").GetInt64());
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}", [P("custom_field_values[order_ref]", "1042")])).Status);

        Assert.Equal(("invalid_custom_field_value", 422), await ErrorAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}", [P("custom_field_values[order_ref]", "many")]));
        Assert.Equal(("unknown_custom_field", 422), await ErrorAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}", [P("custom_field_values[nope]", "1")]));
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Put, "1.0/content_threads/5f1b2c3d4e5f6a7b8c9d0e1f", [P("custom_field_values[order_ref]", "1")])).Status);

        // One event, for the one write that changed a value, carrying the values.
        async Task<List<JsonElement>> EventsAsync() => (await Faults.FaultApi.EventsAsync(app, "name_in:content.thread_custom_fields_updated"))
            .Where(e => e.GetProperty("resource").GetProperty("id").GetString() == threadId).ToList();
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await EventsAsync()).Count >= 1));
        await Task.Delay(1000);
        var updated = Assert.Single(await EventsAsync());
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("never committed"));
        Assert.Equal(1042, updated.GetProperty("resource").GetProperty("metadata").GetProperty("custom_field_values").GetProperty("order_ref").GetInt64());

        var (cleared, empty) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}", [P("custom_field_values[order_ref]", "")]);
        Assert.Equal(200, cleared);
        Assert.Empty(empty.GetProperty("custom_field_values").EnumerateObject());
    }

    private async Task<(string? Error, int Status)> ErrorAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        var (status, json) = await app.SendFormAsync(method, path, form);
        return (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var e) ? e.GetString() : json.ToString(), status);
    }
}
