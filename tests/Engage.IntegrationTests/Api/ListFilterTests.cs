using System.Net;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Issue 7, list filters from openapi.yaml: identities by source and foreign id, users by email and role, sources by
/// permission and active state, comments by author and identity, access tokens by user. Unknown ids give an empty list;
/// malformed values and filters we do not serve are 422 <c>invalid_parameter</c> naming the parameter.
/// </summary>
public class ListFilterTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private const string UnknownId = "65a00000ffffffff00000001";

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;

    private async Task<List<JsonElement>> ListAsync(string path, string? token = null)
    {
        var (status, list) = await app.GetAsync(path, token);
        Assert.True(status == 200, $"{path}: {status} {list}");
        var records = list.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(list.GetProperty("count").GetInt32(), records.Count);
        return records;
    }

    private async Task Assert422Async(string path, string parameter)
    {
        var (status, body) = await app.GetAsync(path);
        Assert.True(status == 422 && body.GetProperty("error").GetString() == "invalid_parameter", $"{path}: {status} {body}");
        Assert.Contains(parameter, body.GetProperty("message").GetString());
    }

    private async Task<(string Id, string Secret)> SourceAsync(string name, bool active = true)
    {
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", active ? "true" : "false")]);
        Assert.Equal(200, status);
        return (Id(created), created.GetProperty("secret").GetString()!);
    }

    private async Task<string> RoleIdAsync(string label) =>
        Id((await app.GetAsync("1.0/roles")).Json.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == label));

    [Fact]
    public async Task Identities_filter_by_foreign_id_within_readable_sources()
    {
        var a = await SourceAsync("identity filter A");
        var b = await SourceAsync("identity filter B");
        const string author = "fb|42/é?#%";
        foreach (var (source, secret) in new[] { a, b })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("m-" + source, "t-" + source, "Hi", author, "Flo"), source, secret)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("n-" + source, "t-" + source, "Hi", "someone-else", "Sam"), source, secret)).StatusCode);
        }
        var escaped = Uri.EscapeDataString(author);
        var both = await ListAsync($"1.0/identities?foreign_id={escaped}");
        Assert.Equal(new[] { a.Id, b.Id }.Order(StringComparer.Ordinal), both.Select(i => i.GetProperty("source_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(both, i => Assert.Equal(author, i.GetProperty("foreign_id").GetString()));
        Assert.Equal(a.Id, (await ListAsync($"1.0/identities?foreign_id={escaped}&source_id={a.Id}")).Single().GetProperty("source_id").GetString());
        Assert.Equal(2, (await ListAsync($"1.0/identities?source_id={a.Id}")).Count);

        // A reader of A alone sees A's identity only; unknown values give nothing.
        var (_, readerA, _) = await app.UserWithTokenAsync("identity-filter-reader@example.com", "agent", "read", a.Id);
        Assert.Equal(a.Id, (await ListAsync($"1.0/identities?foreign_id={escaped}", readerA)).Single().GetProperty("source_id").GetString());
        Assert.Empty(await ListAsync($"1.0/identities?foreign_id={escaped}&source_id={b.Id}", readerA));
        Assert.Empty(await ListAsync("1.0/identities?foreign_id=nobody"));
        Assert.Empty(await ListAsync($"1.0/identities?source_id={UnknownId}"));

        await Assert422Async("1.0/identities?source_id=not-an-id", "source_id");
        await Assert422Async("1.0/identities?sort=updated_at", "sort");
        await Assert422Async("1.0/identities?sort=name", "sort");
        // Identity groups are served (issue 10), in the bracketed form too: an unknown group has no identities.
        Assert.Empty(await ListAsync($"1.0/identities?identity_group_id={UnknownId}"));
        Assert.Empty(await ListAsync($"1.0/identities?identity_group_ids[]={UnknownId}"));
        await Assert422Async("1.0/identities?identity_group_id[]=not-an-id", "identity_group_id");
        foreach (var parameter in new[] { "uuid", "user_id", "community_id" })
        {
            await Assert422Async($"1.0/identities?{parameter}={UnknownId}", parameter);
            // The bracketed array form is read too: refused, never silently ignored (found by a fresh-user review).
            await Assert422Async($"1.0/identities?{parameter}[]={UnknownId}", parameter);
        }
        await Assert422Async("1.0/identities?source_id[]=not-an-id", "source_id");
    }

    [Fact]
    public async Task Users_filter_by_email_and_role()
    {
        var agentRole = await RoleIdAsync("agent");
        var (agentId, _, _) = await app.UserWithTokenAsync("Filter.Agent@Example.com", "agent");
        var byEmail = await ListAsync("1.0/users?email=filter.agent%40example.COM");
        Assert.Equal(agentId, Id(byEmail.Single()));
        var byRole = await ListAsync($"1.0/users?role_id={agentRole}");
        Assert.Contains(agentId, byRole.Select(Id));
        Assert.All(byRole, u => Assert.Equal(agentRole, u.GetProperty("role_id").GetString()));
        Assert.Empty(await ListAsync($"1.0/users?role_id={UnknownId}"));
        Assert.Empty(await ListAsync($"1.0/users?email=filter.agent%40example.com&role_id={await RoleIdAsync("admin")}"));

        await Assert422Async("1.0/users?role_id=agent", "role_id");
        foreach (var parameter in new[] { "team_id", "category_id", "identity_id", "external_id" })
        {
            await Assert422Async($"1.0/users?{parameter}={UnknownId}", parameter);
        }
    }

    [Fact]
    public async Task Sources_filter_by_permission_and_active_state()
    {
        var readOnly = await SourceAsync("permission read");
        var initiate = await SourceAsync("permission initiate");
        var inactive = await SourceAsync("permission inactive", active: false);
        var (userId, token, _) = await app.UserWithTokenAsync("source-filter@example.com", "agent", "read", readOnly.Id, inactive.Id);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions",
            [P(readOnly.Id, "read"), P(inactive.Id, "read"), P(initiate.Id, "read,initiate_discussion")])).Status);

        Assert.Equal([readOnly.Id, initiate.Id, inactive.Id], (await ListAsync("1.0/content_sources", token)).Select(Id).ToList());
        Assert.Equal([readOnly.Id, initiate.Id, inactive.Id], (await ListAsync("1.0/content_sources?permission=read", token)).Select(Id).ToList());
        Assert.Equal([initiate.Id], (await ListAsync("1.0/content_sources?permission=initiate_discussion", token)).Select(Id).ToList());
        Assert.Equal([inactive.Id], (await ListAsync("1.0/content_sources?active=false", token)).Select(Id).ToList());
        Assert.Empty(await ListAsync("1.0/content_sources?permission=initiate_discussion&active=no", token));

        await Assert422Async("1.0/content_sources?permission=reply", "permission");
        await Assert422Async("1.0/content_sources?active=maybe", "active");
    }

    [Fact]
    public async Task Comments_filter_by_author_and_identity_and_tokens_by_user()
    {
        var (sourceId, secret) = await SourceAsync("comment filter");
        var interventions = new List<(string Id, string ThreadId, string IdentityId)>();
        foreach (var author in new[] { "cf-alice", "cf-bob" })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("m-" + author, "t-" + author, "Hi", author, author), sourceId, secret)).StatusCode);
            var thread = (await ListAsync($"1.0/content_threads?q=source:{sourceId}")).Single(t => t.GetProperty("foreign_id").GetString() == "t-" + author);
            var content = (await ListAsync($"1.0/contents?q=thread:%22{Id(thread)}%22")).Single();
            var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={Id(content)}", []);
            Assert.Equal(200, opened);
            interventions.Add((Id(intervention), Id(thread), content.GetProperty("author_id").GetString()!));
        }
        var (agentId, agentToken, _) = await app.UserWithTokenAsync("comment-filter@example.com", "agent", "read,reply", sourceId);
        var (alice, _, aliceIdentity) = interventions[0];
        var byAdmin = Id((await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("body", "admin note"), P("intervention_id", alice)])).Json);
        var byAgent = Id((await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("body", "agent note"), P("intervention_id", alice)], agentToken)).Json);

        Assert.Equal([byAgent], (await ListAsync($"1.0/intervention_comments?intervention_id={alice}&user_id={agentId}")).Select(Id).ToList());
        Assert.Equal(new[] { byAdmin, byAgent }.Order(StringComparer.Ordinal), (await ListAsync($"1.0/intervention_comments?thread_id={interventions[0].ThreadId}&identity_id={aliceIdentity}")).Select(Id)); // id order (ids of one second sort by their random part)
        Assert.Empty(await ListAsync($"1.0/intervention_comments?intervention_id={alice}&identity_id={interventions[1].IdentityId}"));
        Assert.Empty(await ListAsync($"1.0/intervention_comments?intervention_id={alice}&user_id={UnknownId}"));
        await Assert422Async($"1.0/intervention_comments?intervention_id={alice}&user_id=me", "user_id");
        await Assert422Async("1.0/intervention_comments?intervention_id=nope", "intervention_id");

        Assert.Single(await ListAsync($"1.0/access_tokens?user_id={agentId}"));
        Assert.Empty(await ListAsync($"1.0/access_tokens?user_id={UnknownId}"));
        await Assert422Async("1.0/access_tokens?user_id=me", "user_id");
        await Assert422Async("1.0/categories?ids=a,b", "ids");
        await Assert422Async("1.0/categories?parent_id=root", "parent_id");
        await Assert422Async("1.0/interventions?user_id=me", "user_id");
    }
}
