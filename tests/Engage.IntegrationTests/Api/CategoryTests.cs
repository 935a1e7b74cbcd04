using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Issue 4, categories over HTTP: <c>/1.0/categories</c> CRUD with parents, the 422 and 403 cases, thread
/// categorisation (<c>PUT /1.0/content_threads/{id}/update_categories</c>) and unknown ids refused on interventions.
/// </summary>
public class CategoryTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<string> CreateAsync(string name, params KeyValuePair<string, string>[] more)
    {
        var (status, category) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", name), .. more]);
        Assert.True(status == 200, category.ToString());
        return category.GetProperty("id").GetString()!;
    }

    private async Task<(int Status, JsonElement Json)> SendJsonAsync(HttpMethod method, string path, string json, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
    }

    private async Task<string> AgentTokenAsync(string email)
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "agent").GetProperty("id").GetString()!;
        var (_, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", email), P("role_id", roleId)]);
        var (_, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", user.GetProperty("id").GetString()!), P("label", "t")]);
        return token.GetProperty("token").GetString()!;
    }

    private async Task<(string ThreadId, string ContentId)> CustomerMessageAsync(string messageId, string thread)
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message(messageId, thread, "categorise me"))).StatusCode);
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == thread).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        return (threadId, contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == messageId).GetProperty("id").GetString()!);
    }

    private static IEnumerable<string?> Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    private static IEnumerable<string?> RecordIds(JsonElement list) => list.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("id").GetString());

    [Fact]
    public async Task A_category_is_created_read_listed_updated_and_deleted()
    {
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories",
            [P("name", "Billing 💶"), P("color", "3"), P("mandatory", "true"), P("source_ids[]", app.Bootstrap.SourceId)]);
        Assert.Equal(200, status);
        var id = created.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal(("Billing 💶", 3, true, false), (created.GetProperty("name").GetString(), created.GetProperty("color").GetInt32(),
            created.GetProperty("mandatory").GetBoolean(), created.GetProperty("multiple").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("parent_id").ValueKind);
        Assert.Equal([app.Bootstrap.SourceId], Ids(created.GetProperty("source_ids")));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", created.GetProperty("created_at").GetString());

        var (got, single) = await app.GetAsync($"1.0/categories/{id}");
        Assert.Equal((200, "Billing 💶"), (got, single.GetProperty("name").GetString()));

        var (updated, changed) = await SendJsonAsync(HttpMethod.Put, $"1.0/categories/{id}", "{\"name\":\"Invoices\",\"multiple\":true,\"source_ids\":[]}");
        Assert.Equal(200, updated);
        Assert.Equal(("Invoices", 3, true, true), (changed.GetProperty("name").GetString(), changed.GetProperty("color").GetInt32(),
            changed.GetProperty("mandatory").GetBoolean(), changed.GetProperty("multiple").GetBoolean()));
        Assert.Empty(Ids(changed.GetProperty("source_ids")));

        var (deleted, gone) = await app.SendFormAsync(HttpMethod.Delete, $"1.0/categories/{id}", []);
        Assert.Equal((200, id), (deleted, gone.GetProperty("id").GetString()));
        Assert.Equal(404, (await app.GetAsync($"1.0/categories/{id}")).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/categories/{id}", [])).Status);
        Assert.Equal(404, (await app.GetAsync("1.0/categories/not-an-id")).Status);
    }

    [Fact]
    public async Task The_list_is_oldest_first_filtered_and_paged()
    {
        var ids = new List<string>();
        foreach (var name in new[] { "first", "second", "third" }) ids.Add(await CreateAsync("paged " + name));
        var (status, all) = await app.GetAsync("1.0/categories?limit=150");
        Assert.Equal(200, status);
        var listed = RecordIds(all).Where(i => ids.Contains(i!)).Select(i => i!).ToList();
        Assert.Equal(ids, listed);

        var (_, page) = await app.GetAsync($"1.0/categories?ids={string.Join(',', ids)}&offset=1&limit=1");
        Assert.Equal((3, 1, 1), (page.GetProperty("count").GetInt32(), page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32()));
        Assert.Equal([ids[1]], RecordIds(page));
        Assert.Equal(422, (await app.GetAsync("1.0/categories?limit=151")).Status);
    }

    [Fact]
    public async Task Children_name_their_parent_and_a_parent_with_children_cannot_be_deleted()
    {
        var parent = await CreateAsync("Delivery", P("multiple", "true"));
        var (status, child) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Late"), P("parent_id", parent), P("mandatory", "true")]);
        Assert.Equal(200, status);
        var childId = child.GetProperty("id").GetString()!;
        Assert.Equal(parent, child.GetProperty("parent_id").GetString());
        Assert.False(child.GetProperty("mandatory").GetBoolean()); // root-only fields are ignored on a child, as the contract says

        var (_, children) = await app.GetAsync($"1.0/categories?parent_id={parent}");
        Assert.Equal([childId], RecordIds(children));

        var (refused, error) = await app.SendFormAsync(HttpMethod.Delete, $"1.0/categories/{parent}", []);
        Assert.Equal((422, "category_has_children"), (refused, error.GetProperty("error").GetString()));
        Assert.Contains(childId, error.GetProperty("message").GetString());
        Assert.Equal(200, (await app.GetAsync($"1.0/categories/{parent}")).Status);

        var (moved, root) = await SendJsonAsync(HttpMethod.Put, $"1.0/categories/{childId}", "{\"parent_id\":null}");
        Assert.Equal(200, moved);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parent_id").ValueKind);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/categories/{parent}", [])).Status);
    }

    [Fact]
    public async Task Invalid_categories_are_refused_with_422()
    {
        var (missing, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("color", "1")]);
        Assert.Equal((422, "missing_parameter"), (missing, error.GetProperty("error").GetString()));
        var (unknownParent, parentError) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Orphan"), P("parent_id", "aaaaaaaaaaaaaaaaaaaaaaaa")]);
        Assert.Equal(422, unknownParent);
        Assert.Contains("aaaaaaaaaaaaaaaaaaaaaaaa", parentError.GetProperty("message").GetString());
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Colorful"), P("color", "7")])).Status);
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Nowhere"), P("source_ids[]", "bbbbbbbbbbbbbbbbbbbbbbbb")])).Status);

        var a = await CreateAsync("Cycle A");
        var b = await CreateAsync("Cycle B", P("parent_id", a));
        var c = await CreateAsync("Cycle C", P("parent_id", b));
        foreach (var parent in new[] { c, b, a })
        {
            var (cycle, cycleError) = await app.SendFormAsync(HttpMethod.Put, $"1.0/categories/{a}", [P("parent_id", parent)]);
            Assert.Equal((422, "parent_cycle"), (cycle, cycleError.GetProperty("error").GetString()));
        }
        Assert.Equal(JsonValueKind.Null, (await app.GetAsync($"1.0/categories/{a}")).Json.GetProperty("parent_id").ValueKind);
        var (reparented, moved) = await app.SendFormAsync(HttpMethod.Put, $"1.0/categories/{c}", [P("parent_id", a)]);
        Assert.Equal((200, a), (reparented, moved.GetProperty("parent_id").GetString()));
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Put, $"1.0/categories/{a}", [P("name", "")])).Status);
    }

    [Fact]
    public async Task Agents_read_categories_but_only_manage_categories_may_write_them()
    {
        var id = await CreateAsync("Readable");
        var agent = await AgentTokenAsync("category-agent@example.com");
        Assert.Equal(200, (await app.GetAsync("1.0/categories", agent)).Status);
        Assert.Equal(200, (await app.GetAsync($"1.0/categories/{id}", agent)).Status);
        var (created, error) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Nope")], agent);
        Assert.Equal((403, 403), (created, error.GetProperty("status").GetInt32()));
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Put, $"1.0/categories/{id}", [P("name", "Nope")], agent)).Status);
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Delete, $"1.0/categories/{id}", [], agent)).Status);
        Assert.Equal(401, (await app.GetAsync("1.0/categories", "not-a-token")).Status);
        Assert.Equal("Readable", (await app.GetAsync($"1.0/categories/{id}")).Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_thread_gets_its_categories_replaced_from_json_and_form_bodies()
    {
        var (threadId, _) = await CustomerMessageAsync("cat-1", "category-thread");
        var first = await CreateAsync("Thread one");
        var second = await CreateAsync("Thread two");

        var (status, thread) = await SendJsonAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}/update_categories", $"{{\"thread_category_ids\":[\"{first}\",\"{second}\"]}}");
        Assert.Equal(200, status);
        Assert.Equal([first, second], Ids(thread.GetProperty("thread_category_ids")));
        Assert.Equal([first, second], Ids(thread.GetProperty("category_ids")));

        var (formStatus, replaced) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}/update_categories", [P("thread_category_ids[]", second)]);
        Assert.Equal(200, formStatus);
        Assert.Equal([second], Ids(replaced.GetProperty("thread_category_ids")));
        Assert.Equal([first, second], Ids(replaced.GetProperty("category_ids")));

        var (refused, error) = await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}/update_categories",
            [P("thread_category_ids[]", first), P("thread_category_ids[]", "cccccccccccccccccccccccc")]);
        Assert.Equal((422, "unknown_category"), (refused, error.GetProperty("error").GetString()));
        Assert.Contains("cccccccccccccccccccccccc", error.GetProperty("message").GetString());
        Assert.DoesNotContain(first, error.GetProperty("message").GetString());

        var (_, after) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal([second], Ids(after.GetProperty("thread_category_ids")));
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Put, "1.0/content_threads/dddddddddddddddddddddddd/update_categories", [P("thread_category_ids[]", first)])).Status);
    }

    [Fact]
    public async Task Interventions_refuse_unknown_category_ids()
    {
        var (_, contentId) = await CustomerMessageAsync("cat-v-1", "category-intervention-thread");
        var known = await CreateAsync("Disposition");
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        Assert.Equal(200, opened);
        var id = intervention.GetProperty("id").GetString()!;

        var (refused, error) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/update_categories",
            [P("category_ids[]", known), P("category_ids[]", "eeeeeeeeeeeeeeeeeeeeeeee")]);
        Assert.Equal((422, "unknown_category"), (refused, error.GetProperty("error").GetString()));
        Assert.Contains("eeeeeeeeeeeeeeeeeeeeeeee", error.GetProperty("message").GetString());
        var (jsonRefused, _) = await SendJsonAsync(HttpMethod.Put, $"1.0/interventions/{id}/update_categories", "{\"category_ids\":[\"not-a-category\"]}");
        Assert.Equal(422, jsonRefused);

        var (accepted, categorised) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/update_categories", [P("category_ids[]", known)]);
        Assert.Equal(200, accepted);
        Assert.Equal([known], Ids(categorised.GetProperty("category_ids")));

        // Closing needs an agent reply first (403 before any category check); then an unknown category is 422.
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", "answer"), P("in_reply_to_id", contentId)])).Status);
        var (closeRefused, closeError) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}/close", [P("category_ids[]", "ffffffffffffffffffffffff")]);
        Assert.Equal((422, "unknown_category"), (closeRefused, closeError.GetProperty("error").GetString()));
        Assert.Equal("opened", (await app.GetAsync($"1.0/interventions/{id}")).Json.GetProperty("status").GetString());
    }
}
