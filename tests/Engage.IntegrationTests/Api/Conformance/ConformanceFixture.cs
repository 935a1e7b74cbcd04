using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.LocalRunner.Azurite;
using Engage.Application.Contract;

namespace Engage.IntegrationTests.Api.Conformance;

/// <summary>
/// One app on Azurite, driven once through every operation we implement (sources, threads, contents, identities,
/// identity groups, tags, custom fields, interventions and comments, categories, users, roles, tokens, agent status, bots, events, webhooks and their
/// deliveries), keeping each 200 answer by operation for <see cref="ConformanceTests"/>.
/// </summary>
public sealed class ConformanceFixture : EngageFixture, IAsyncLifetime
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    /// <summary>The answers we got, by <see cref="ApiOperation.Key"/>.</summary>
    public Dictionary<string, List<JsonElement>> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>Raw text of <c>GET /1.0/openapi.json</c>.</summary>
    public string ServedDocument { get; private set; } = string.Empty;

    /// <summary>The content type <c>GET /1.0/openapi.json</c> answered.</summary>
    public string? ServedContentType { get; private set; }

    /// <summary>Starts the app (<see cref="EngageFixture"/>), then drives it (re-implements <see cref="IAsyncLifetime"/>).</summary>
    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await DriveAsync();
    }

    private string? _folder;

    /// <summary>The app's host.json, polling queues every 100 ms at most, so queued work (closes, events, deliveries) lands at once.</summary>
    protected override string? PrepareContentRoot()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.100";
        _folder = Directory.CreateTempSubdirectory("engage-conformance-").FullName;
        File.WriteAllText(Path.Combine(_folder, "host.json"), hostJson.ToJsonString());
        return _folder;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Sends one request and keeps its answer under <paramref name="method"/> <paramref name="template"/>; anything but <paramref name="expected"/> throws.</summary>
    private async Task<JsonElement> CallAsync(string method, string template, string url, IEnumerable<KeyValuePair<string, string>>? form = null, string? token = null, int expected = 200)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "1.0" + url);
        if (method != "GET") request.Content = new FormUrlEncodedContent(form ?? []);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        using var response = await Http.SendAsync(request);
        var json = await ReadJsonAsync(response);
        if ((int)response.StatusCode != expected) throw new InvalidOperationException($"{method} {url} answered {(int)response.StatusCode}: {json}");
        var key = new ApiOperation(method, template).Key;
        if (!Answers.TryGetValue(key, out var list)) Answers[key] = list = [];
        list.Add(json);
        return json;
    }

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    private static JsonElement Record(JsonElement list, Func<JsonElement, bool> match) => list.GetProperty("records").EnumerateArray().First(match);

    private async Task<(string ThreadId, string ContentId)> CustomerMessageAsync(string messageId, string thread, string authorId = "u1")
    {
        var pushed = await PushAsync(Message(messageId, thread, "Hello " + messageId, authorId, customize: p =>
        {
            p["author"]!["firstname"] = "Alice";
            p["author"]!["email"] = "alice@example.com";
        }));
        if ((int)pushed.StatusCode != 200) throw new InvalidOperationException($"push {messageId}: {(int)pushed.StatusCode}");
        var threads = await CallAsync("GET", "/content_threads", "/content_threads?limit=150");
        var threadId = Id(Record(threads, t => t.GetProperty("foreign_id").GetString() == thread));
        var contents = await CallAsync("GET", "/contents", $"/contents?q=thread:%22{threadId}%22");
        return (threadId, Id(Record(contents, c => c.GetProperty("foreign_id").GetString() == messageId)));
    }

    private async Task DriveAsync()
    {
        var source = Bootstrap.SourceId;
        await using var endpoint = await TestWebhookEndpoint.StartAsync();

        // Sources (POST is ours, PUT and GET are the contract's).
        await CallAsync("POST", "/content_sources", "/content_sources", [P("name", "Second source")]);
        await CallAsync("GET", "/content_sources", "/content_sources");
        await CallAsync("GET", "/content_sources/{}", $"/content_sources/{source}");
        await CallAsync("PUT", "/content_sources/{}", $"/content_sources/{source}", [P("name", "Demo source")]);

        // A webhook first, so that the messages below are delivered to it.
        var webhook = Id(await CallAsync("POST", "/webhooks", "/webhooks", [P("url", endpoint.Url), P("registered_events[]", "content.imported"), P("verify_token", "vt")]));

        // Categories.
        var billing = Id(await CallAsync("POST", "/categories", "/categories", [P("name", "Billing")]));
        var spare = Id(await CallAsync("POST", "/categories", "/categories", [P("name", "Spare"), P("parent_id", billing)]));
        await CallAsync("GET", "/categories", "/categories");
        await CallAsync("GET", "/categories/{}", $"/categories/{billing}");
        await CallAsync("PUT", "/categories/{}", $"/categories/{spare}", [P("name", "Spare 2")]);
        await CallAsync("DELETE", "/categories/{}", $"/categories/{spare}");

        // Roles, users, permissions and tokens.
        var roles = await CallAsync("GET", "/roles", "/roles");
        string RoleId(string label) => Id(Record(roles, r => r.GetProperty("label").GetString() == label));
        await CallAsync("GET", "/roles/{}", $"/roles/{RoleId("agent")}");
        var role = Id(await CallAsync("POST", "/roles", "/roles", [P("label", "supervisor")]));
        await CallAsync("PUT", "/roles/{}", $"/roles/{role}", [P("label", "supervisors")]);
        await CallAsync("PATCH", "/roles/{}", $"/roles/{role}", [P("label", "supervisor team")]);
        // Answers that exist for client libraries' own tests: errors only, in the contract's error body.
        await CallAsync("DELETE", "/roles/{}", $"/roles/{role}", expected: 422);
        foreach (var verb in new[] { "PUT", "PATCH", "DELETE" }) await CallAsync(verb, "/roles", "/roles", expected: 422);
        var agent = Id(await CallAsync("POST", "/users", "/users", [P("email", "agent@example.com"), P("role_id", RoleId("agent")), P("firstname", "Ann")]));
        var agent2 = Id(await CallAsync("POST", "/users", "/users", [P("email", "agent2@example.com"), P("role_id", RoleId("agent"))]));
        var bot = Id(await CallAsync("POST", "/users", "/users", [P("email", "bot@example.com"), P("role_id", RoleId("bot"))]));
        var leaving = Id(await CallAsync("POST", "/users", "/users", [P("email", "leaving@example.com"), P("role_id", RoleId("agent"))]));
        await CallAsync("GET", "/users", "/users");
        await CallAsync("GET", "/users/{}", $"/users/{agent}");
        await CallAsync("PUT", "/users/{}", $"/users/{agent}", [P("lastname", "Smith")]);
        await CallAsync("DELETE", "/users/{}", $"/users/{leaving}");
        foreach (var user in new[] { agent, agent2, bot })
        {
            await CallAsync("PUT", "/users/{}/sources_permissions", $"/users/{user}/sources_permissions", [P(source, "read,reply")]);
        }
        await CallAsync("GET", "/users/{}/sources_permissions", $"/users/{agent}/sources_permissions");
        var agentToken = (await CallAsync("POST", "/access_tokens", "/access_tokens", [P("user_id", agent), P("label", "agent")])).GetProperty("token").GetString()!;
        var botToken = (await CallAsync("POST", "/access_tokens", "/access_tokens", [P("user_id", bot), P("label", "bot")])).GetProperty("token").GetString()!;
        var spareToken = Id(await CallAsync("POST", "/access_tokens", "/access_tokens", [P("user_id", agent2), P("label", "spare")]));
        await CallAsync("GET", "/access_tokens", "/access_tokens");
        await CallAsync("DELETE", "/access_tokens/{}", $"/access_tokens/{spareToken}");

        // Agent availability.
        await CallAsync("PUT", "/status/{}", $"/status/{agent}", [P($"status[{source}]", "available")], agentToken);
        await CallAsync("GET", "/status", "/status");
        await CallAsync("GET", "/status/{}", $"/status/{agent}");

        // Threads, contents and identities from the Send API.
        var (thread, content) = await CustomerMessageAsync("c-1", "conf-1");
        await CallAsync("GET", "/content_threads/{}", $"/content_threads/{thread}");
        await CallAsync("GET", "/contents/{}", $"/contents/{content}");
        var identities = await CallAsync("GET", "/identities", "/identities");
        await CallAsync("GET", "/identities/{}", $"/identities/{Id(identities.GetProperty("records")[0])}");

        // Customer profiles: tags, custom fields, identity groups, merge and unmerge (issue 10).
        var tag = Id(await CallAsync("POST", "/tags", "/tags", [P("name", "VIP")]));
        var spareTag = Id(await CallAsync("POST", "/tags", "/tags", [P("name", "Spare")]));
        await CallAsync("GET", "/tags", "/tags");
        await CallAsync("GET", "/tags/{}", $"/tags/{tag}");
        await CallAsync("PUT", "/tags/{}", $"/tags/{spareTag}", [P("name", "Spare 2")]);
        await CallAsync("DELETE", "/tags/{}", $"/tags/{spareTag}");
        var orderField = Id(await CallAsync("POST", "/custom_fields", "/custom_fields", [P("associated_type_name", "IdentityGroup"), P("label", "Order number")]));
        var spareField = Id(await CallAsync("POST", "/custom_fields", "/custom_fields", [P("associated_type_name", "Intervention"), P("label", "Plan"), P("type", "single_choice"), P("choices[]", "free"), P("choices[]", "pro")]));
        await CallAsync("GET", "/custom_fields", "/custom_fields");
        await CallAsync("GET", "/custom_fields/{}", $"/custom_fields/{orderField}");
        await CallAsync("PUT", "/custom_fields/{}", $"/custom_fields/{spareField}", [P("label", "Plan 2"), P("position", "3")]);
        await CallAsync("DELETE", "/custom_fields/{}", $"/custom_fields/{spareField}");
        var customer = Id(identities.GetProperty("records")[0]);
        var group = (await CallAsync("GET", "/identities/{}", $"/identities/{customer}")).GetProperty("identity_group_id").GetString()!;
        await CallAsync("PUT", "/identity_groups/{}", $"/identity_groups/{group}",
            [P("company", "Acme"), P("emails[]", "alice@example.com"), P("tag_ids[]", tag), P("custom_field_values[order_number]", "A-1001")]);
        await CallAsync("GET", "/identity_groups/{}", $"/identity_groups/{group}");
        var (_, secondContent) = await CustomerMessageAsync("c-6", "conf-6", "bob");
        var bob = (await CallAsync("GET", "/contents/{}", $"/contents/{secondContent}")).GetProperty("author_id").GetString()!;
        await CallAsync("PUT", "/identity_groups/{}/merge", $"/identity_groups/{group}/merge", [P("associated_identity_id", bob)]);
        await CallAsync("PUT", "/identity_groups/{}/unmerge", $"/identity_groups/{group}/unmerge", [P("associated_identity_id", bob)]);
        await CallAsync("GET", "/identity_groups", "/identity_groups");
        await CallAsync("POST", "/identities/import", "/identities/import", [P("source_id", source), P("identifier", "carol-1"), P("firstname", "Carol"), P("company", "Acme"), P("gender", "woman")], expected: 201);

        // An agent's intervention: open, comment, reply, recategorise, update, reassign, close.
        var intervention = Id(await CallAsync("POST", "/interventions", $"/interventions?content_id={content}", token: agentToken));
        await CallAsync("GET", "/interventions", "/interventions");
        await CallAsync("GET", "/interventions/{}", $"/interventions/{intervention}");
        var comment = Id(await CallAsync("POST", "/intervention_comments", "/intervention_comments", [P("intervention_id", intervention), P("body", "VIP")], agentToken));
        await CallAsync("GET", "/intervention_comments", $"/intervention_comments?intervention_id={intervention}");
        await CallAsync("GET", "/intervention_comments/{}", $"/intervention_comments/{comment}");
        await CallAsync("DELETE", "/intervention_comments/{}", $"/intervention_comments/{comment}", token: agentToken);
        var reply = Id(await CallAsync("POST", "/contents", "/contents", [P("body", "On it"), P("in_reply_to_id", content)], agentToken));
        await CallAsync("GET", "/contents/{}", $"/contents/{reply}");
        await CallAsync("PUT", "/interventions/{}/update_categories", $"/interventions/{intervention}/update_categories", [P("category_ids[]", billing)], agentToken);
        await CallAsync("PUT", "/interventions/{}", $"/interventions/{intervention}", [P("custom_field_values[order]", "42")], agentToken);
        await CallAsync("PUT", "/interventions/{}/reassign", $"/interventions/{intervention}/reassign", [P("user_id", agent2)], agentToken);
        await CallAsync("PUT", "/interventions/{}/close", $"/interventions/{intervention}/close");
        await EventuallyAsync(async () => (await GetAsync($"1.0/interventions/{intervention}")).Json.GetProperty("status").GetString() == "closed");
        await CallAsync("GET", "/interventions/{}", $"/interventions/{intervention}");

        // Contents and threads.
        await CallAsync("PUT", "/contents/{}/update_categories", $"/contents/{content}/update_categories", [P("category_ids[]", billing)]);
        await CallAsync("PUT", "/content_threads/{}/update_categories", $"/content_threads/{thread}/update_categories", [P("thread_category_ids[]", billing)]);
        await CallAsync("PUT", "/content_threads/{}/close", $"/content_threads/{thread}/close");
        await CallAsync("GET", "/content_threads/{}/open", $"/content_threads/{thread}/open");
        await CallAsync("POST", "/custom_fields", "/custom_fields", [P("associated_type_name", "Thread"), P("label", "Case reference")]);
        await CallAsync("PUT", "/content_threads/{}", $"/content_threads/{thread}", [P("custom_field_values[case_reference]", "R-1")]);
        var (ignoredThread, ignoredContent) = await CustomerMessageAsync("c-2", "conf-2");
        await CallAsync("PUT", "/contents/{}/ignore", $"/contents/{ignoredContent}/ignore");
        await CallAsync("PUT", "/content_threads/{}/ignore", $"/content_threads/{ignoredThread}/ignore");

        // A canceled intervention.
        var (_, canceledContent) = await CustomerMessageAsync("c-3", "conf-3");
        var canceled = Id(await CallAsync("POST", "/interventions", $"/interventions?content_id={canceledContent}", token: agentToken));
        await CallAsync("DELETE", "/interventions/{}/cancel", $"/interventions/{canceled}/cancel", token: agentToken);

        // Bots: engage, reply, then hand over on one thread and complete on another.
        var (_, botContent) = await CustomerMessageAsync("c-4", "conf-4");
        var botIntervention = Id(await CallAsync("POST", "/bots/engage", $"/bots/engage?content_id={botContent}", token: botToken));
        await CallAsync("POST", "/contents", "/contents", [P("body", "Bot here"), P("in_reply_to_id", botContent)], botToken);
        await CallAsync("POST", "/bots/handover", $"/bots/handover?from=bot&to=agent&type=engage_virtual_agent&intervention_id={botIntervention}", token: botToken);
        var (_, completedContent) = await CustomerMessageAsync("c-5", "conf-5");
        var completed = Id(await CallAsync("POST", "/bots/engage", $"/bots/engage?content_id={completedContent}", token: botToken));
        await CallAsync("POST", "/contents", "/contents", [P("body", "Bye"), P("in_reply_to_id", completedContent)], botToken);
        await CallAsync("POST", "/bots/complete", $"/bots/complete?intervention_id={completed}&close_thread=true", token: botToken);

        // Events, once the dispatcher has logged them.
        await EventuallyAsync(async () => (await GetAsync("1.0/events")).Json.GetProperty("count").GetInt64() > 0);
        var events = await CallAsync("GET", "/events", "/events?limit=150");
        var firstEvent = Id(events.GetProperty("records")[events.GetProperty("records").GetArrayLength() - 1]);
        await CallAsync("GET", "/events/{}", $"/events/{firstEvent}");

        // Webhooks and their deliveries (ours).
        await CallAsync("GET", "/webhooks", "/webhooks");
        await CallAsync("GET", "/webhooks/{}", $"/webhooks/{webhook}");
        await CallAsync("PUT", "/webhooks/{}", $"/webhooks/{webhook}", [P("staging_use", "true")]);
        await EventuallyAsync(async () => (await GetAsync($"1.0/webhooks/{webhook}/deliveries")).Json.GetProperty("records").GetArrayLength() > 0);
        var deliveries = await CallAsync("GET", "/webhooks/{}/deliveries", $"/webhooks/{webhook}/deliveries");
        var delivery = deliveries.GetProperty("records")[0].GetProperty("delivery_id").GetString()!;
        await CallAsync("POST", "/webhooks/{}/deliveries/{}/redeliver", $"/webhooks/{webhook}/deliveries/{delivery}/redeliver");
        await CallAsync("POST", "/webhooks/{}/replay", $"/webhooks/{webhook}/replay?since_event_id={firstEvent}");
        await CallAsync("DELETE", "/webhooks/{}", $"/webhooks/{webhook}");

        // The served document: no token needed.
        using var document = await Http.GetAsync("1.0/openapi.json");
        if ((int)document.StatusCode != 200) throw new InvalidOperationException($"openapi.json answered {(int)document.StatusCode}");
        ServedContentType = document.Content.Headers.ContentType?.ToString();
        ServedDocument = await document.Content.ReadAsStringAsync();
        Answers[new ApiOperation("GET", "/openapi.json").Key] = [JsonDocument.Parse(ServedDocument).RootElement.Clone()];
    }
}
