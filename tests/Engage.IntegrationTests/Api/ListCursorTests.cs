using System.Net;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// Issue 7, cursor paging of every list but threads and contents: each list walked with <c>limit=2</c> through
/// <c>next_cursor</c> while records are added and deleted between pages sees every record present throughout exactly
/// once, in the list's order; cursors of another list, garbled cursors and a cursor with an offset are 422.
/// </summary>
public class ListCursorTests(BusyClientFixture app) : IClassFixture<BusyClientFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;

    private async Task<List<string>> AllAsync(string path, string? token = null)
    {
        var (status, list) = await app.GetAsync(path + (path.Contains('?') ? "&" : "?") + "limit=150", token);
        Assert.Equal(200, status);
        return list.GetProperty("records").EnumerateArray().Select(Id).ToList();
    }

    // Follows next_cursor with limit=2, calling between() after each page that has a successor.
    private Task<List<string>> WalkAsync(string path, Func<int, Task> between, string? token = null) =>
        WalkAsync(path, (page, _) => between(page), token);

    private async Task<List<string>> WalkAsync(string path, Func<int, IReadOnlyList<string>, Task> between, string? token = null)
    {
        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 500; page++)
        {
            var query = path + (path.Contains('?') ? "&" : "?") + "limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var (status, list) = await app.GetAsync(query, token);
            Assert.True(status == 200, $"{query}: {list}");
            var records = list.GetProperty("records").EnumerateArray().Select(Id).ToList();
            seen.AddRange(records);
            cursor = list.GetProperty("next_cursor").GetString();
            if (cursor is null) return seen;
            Assert.Equal(2, records.Count);
            await between(page, seen);
        }
        throw new InvalidOperationException("The walk did not end.");
    }

    // Every record present before and after the walk is seen exactly once, in the order of the full list.
    private static void AssertWalk(List<string> before, List<string> seen, ISet<string> deleted)
    {
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var stayed = before.Where(id => !deleted.Contains(id)).ToList();
        Assert.True(stayed.Count >= 4, "the walk must span several pages");
        Assert.Equal(stayed, seen.Where(stayed.Contains).ToList());
    }

    private async Task<(string Id, string Secret)> SourceAsync(string name)
    {
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", name), P("active", "true")]);
        Assert.Equal(200, status);
        return (Id(created), created.GetProperty("secret").GetString()!);
    }

    private async Task<string> CreateAsync(string path, params KeyValuePair<string, string>[] form)
    {
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, path, form);
        Assert.True(status == 200, $"{path}: {created}");
        return Id(created);
    }

    private async Task DeleteAsync(string path) => Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Delete, path, [])).Status);

    private async Task<(string ContentId, string IdentityId)> MessageAsync(string sourceId, string secret, string id, string author)
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message(id, "thread-" + id, "Hello", author, author), sourceId, secret)).StatusCode);
        var (threadsStatus, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}&limit=150");
        Assert.True(threadsStatus == 200, threads.ToString());
        var threadId = Id(threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "thread-" + id));
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var content = contents.GetProperty("records").EnumerateArray().Single();
        return (Id(content), content.GetProperty("author_id").GetString()!);
    }

    private async Task<string> InterventionAsync(string sourceId, string secret, string id) =>
        await CreateAsync($"1.0/interventions?content_id={(await MessageAsync(sourceId, secret, id, "author-" + id)).ContentId}");

    [Fact]
    public async Task Sources_roles_and_access_tokens_walk_once_while_records_are_added()
    {
        var adminId = Id((await app.GetAsync($"1.0/users?email={Uri.EscapeDataString(app.Bootstrap.AdminEmail)}")).Json.GetProperty("records").EnumerateArray().Single());
        for (var i = 0; i < 5; i++)
        {
            await SourceAsync($"walk source {i}");
            await CreateAsync("1.0/roles", P("label", $"walk role {i}"));
            await CreateAsync("1.0/access_tokens", P("user_id", adminId), P("label", $"walk {i}"));
        }
        foreach (var (path, add) in new (string, Func<int, Task>)[]
        {
            ("1.0/content_sources", p => SourceAsync($"added source {p}")),
            ("1.0/roles", p => CreateAsync("1.0/roles", P("label", $"added role {p}"))),
            ("1.0/access_tokens", p => CreateAsync("1.0/access_tokens", P("user_id", adminId), P("label", $"added {p}"))),
        })
        {
            var before = await AllAsync(path);
            var seen = await WalkAsync(path, add);
            AssertWalk(before, seen, new HashSet<string>());
            // Sources and roles are in created_at order, so records added during the walk come after the cursor and are
            // reached too; tokens are in id order, and ids made in the same second do not sort by creation.
            if (path != "1.0/access_tokens") Assert.Equal((await AllAsync(path)).Count, seen.Count);
        }
    }

    [Fact]
    public async Task Users_categories_and_comments_walk_once_while_records_are_added_and_deleted()
    {
        var adminId = Id((await app.GetAsync($"1.0/users?email={Uri.EscapeDataString(app.Bootstrap.AdminEmail)}")).Json.GetProperty("records").EnumerateArray().Single());
        var roleId = Id((await app.GetAsync("1.0/roles")).Json.GetProperty("records").EnumerateArray().First(r => r.GetProperty("label").GetString() == "agent"));
        var (sourceId, secret) = await SourceAsync("comment walk");
        var interventionId = await InterventionAsync(sourceId, secret, "comment-walk");
        for (var i = 0; i < 8; i++)
        {
            await CreateAsync("1.0/users", P("email", $"walk{i}@example.com"), P("role_id", roleId));
            await CreateAsync("1.0/categories", P("name", $"walk {i}"));
            await CreateAsync("1.0/intervention_comments", P("body", $"note {i}"), P("intervention_id", interventionId));
        }
        var lists = new (string List, string Item, Func<int, KeyValuePair<string, string>[]> Form)[]
        {
            ("1.0/users", "1.0/users", p => [P("email", $"added{p}@example.com"), P("role_id", roleId)]),
            ("1.0/categories", "1.0/categories", p => [P("name", $"added {p}")]),
            ($"1.0/intervention_comments?intervention_id={interventionId}", "1.0/intervention_comments", p => [P("body", $"added {p}"), P("intervention_id", interventionId)]),
        };
        foreach (var (list, item, form) in lists)
        {
            var before = await AllAsync(list);
            var deleted = new HashSet<string>();
            var seen = await WalkAsync(list, async (page, served) =>
            {
                await CreateAsync(item, form(page));
                // Delete the record the cursor points at, or one still ahead, in turn; never the admin user.
                var victim = page % 2 == 1 ? served[^1] : before.LastOrDefault(id => !deleted.Contains(id) && !served.Contains(id) && id != adminId);
                if (victim is not null && victim != adminId && deleted.Add(victim)) await DeleteAsync($"{item}/{victim}");
            });
            AssertWalk(before, seen, deleted);
        }
    }

    [Fact]
    public async Task Identities_interventions_and_events_walk_once_while_records_are_added()
    {
        var (sourceId, secret) = await SourceAsync("index walk");
        for (var i = 0; i < 5; i++) await InterventionAsync(sourceId, secret, $"index-{i}");
        var added = 0;
        Task AddAsync(int page) => InterventionAsync(sourceId, secret, $"index-added-{added++}");

        foreach (var path in new[] { "1.0/identities", $"1.0/identities?source_id={sourceId}", "1.0/interventions", "1.0/interventions?status=opened",
                     "1.0/events?q=name_in:intervention.opened", "1.0/events?q=name_in:intervention.opened%20order:created_at.asc" })
        {
            var before = await AllAsync(path);
            var seen = await WalkAsync(path, AddAsync);
            AssertWalk(before, seen, new HashSet<string>());
        }
    }

    [Fact]
    public async Task Webhooks_walk_once_while_webhooks_are_added_and_deleted()
    {
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var n = 0;
        Task<string> HookAsync() => CreateAsync("1.0/webhooks", P("url", $"{endpoint.Url}?n={n++}"), P("registered_events[]", "content.imported"));
        var hooks = new List<string>();
        for (var i = 0; i < 6; i++) hooks.Add(await HookAsync());
        var before = await AllAsync("1.0/webhooks");
        var deleted = new HashSet<string>();
        var seen = await WalkAsync("1.0/webhooks", async _ =>
        {
            await HookAsync();
            var ahead = before.Last(id => !deleted.Contains(id));
            deleted.Add(ahead);
            await DeleteAsync($"1.0/webhooks/{ahead}");
        });
        AssertWalk(before, seen, deleted);
    }

    [Fact]
    public async Task Cursors_of_another_list_garbled_cursors_and_a_cursor_with_an_offset_are_422()
    {
        var (sourceId, secret) = await SourceAsync("cursor errors");
        var interventionId = await InterventionAsync(sourceId, secret, "cursor-errors");
        await InterventionAsync(sourceId, secret, "cursor-errors-2");
        await CreateAsync("1.0/users", P("email", "cursor-errors@example.com"), P("role_id", Id((await app.GetAsync("1.0/roles")).Json.GetProperty("records")[0])));
        var usersCursor = (await app.GetAsync("1.0/users?limit=1")).Json.GetProperty("next_cursor").GetString()!;
        var rolesCursor = (await app.GetAsync("1.0/roles?limit=1")).Json.GetProperty("next_cursor").GetString()!;
        var interventionsCursor = (await app.GetAsync("1.0/interventions?limit=1")).Json.GetProperty("next_cursor").GetString()!;
        var lists = new[]
        {
            "1.0/content_sources", "1.0/identities", "1.0/identities?foreign_id=x", "1.0/interventions", $"1.0/interventions?thread_id={interventionId}",
            "1.0/users", "1.0/roles", "1.0/categories", "1.0/webhooks", "1.0/events", "1.0/access_tokens",
            $"1.0/intervention_comments?intervention_id={interventionId}", "1.0/webhooks/000000000000000000000000/deliveries",
        };
        foreach (var list in lists)
        {
            var sep = list.Contains('?') ? "&" : "?";
            var foreign = list.StartsWith("1.0/users") ? rolesCursor : usersCursor;
            foreach (var (cursor, offset, error) in new[] { (foreign, "", "invalid_cursor"), ("not-a-cursor", "", "invalid_cursor"), (usersCursor, "&offset=2", "invalid_parameter") })
            {
                var (status, body) = await app.GetAsync($"{list}{sep}cursor={Uri.EscapeDataString(cursor)}{offset}");
                Assert.True(status == 422 && body.GetProperty("error").GetString() == error, $"{list} with {error}: {status} {body}");
            }
        }
        // The same list in another order is another walk.
        var (sorted, wrongOrder) = await app.GetAsync($"1.0/interventions?sort=updated_at&cursor={Uri.EscapeDataString(interventionsCursor)}");
        Assert.Equal((422, "invalid_cursor"), (sorted, wrongOrder.GetProperty("error").GetString()));
    }
}
