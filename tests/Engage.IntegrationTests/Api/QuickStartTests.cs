using System.Net;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>The README's quick start: push a signed message, find its thread, read it back exactly.</summary>
public class QuickStartTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task A_pushed_message_is_listed_in_its_thread_with_the_exact_body()
    {
        const string body = "Bonjour 👋🏽 — ça va? 𝄞 日本語 <b>&amp;</b> \"quoted\" \\ back";
        var push = await app.PushAsync(EngageFixture.Message("qs-1", "qs-thread", body, "qs-user", "Zoë 🦊"));
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        Assert.Equal("ok", await push.Content.ReadAsStringAsync());

        var (status, threads) = await app.GetAsync("1.0/content_threads");
        Assert.Equal(200, status);
        var thread = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "qs-thread");
        Assert.Equal(1, thread.GetProperty("contents_count").GetInt32());
        Assert.Equal(app.Bootstrap.SourceId, thread.GetProperty("source_id").GetString());
        var threadId = thread.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{24}$", threadId);

        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        Assert.Equal(1, contents.GetProperty("count").GetInt32());
        var content = contents.GetProperty("records")[0];
        Assert.Equal(body, content.GetProperty("body").GetString());
        Assert.Equal("qs-1", content.GetProperty("foreign_id").GetString());
        Assert.Equal(threadId, content.GetProperty("thread_id").GetString());
        Assert.True(content.GetProperty("first_in_thread").GetBoolean());
        Assert.Equal(JsonValueKind.Null, content.GetProperty("in_reply_to_id").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", content.GetProperty("created_at").GetString());

        var (_, single) = await app.GetAsync($"1.0/contents/{content.GetProperty("id").GetString()}");
        Assert.Equal(body, single.GetProperty("body").GetString());

        var (_, author) = await app.GetAsync($"1.0/identities/{content.GetProperty("author_id").GetString()}");
        Assert.Equal("Zoë 🦊", author.GetProperty("screenname").GetString());
        Assert.Equal("qs-user", author.GetProperty("foreign_id").GetString());

        var (_, byId) = await app.GetAsync($"1.0/content_threads/{threadId}");
        Assert.Equal("qs-thread", byId.GetProperty("foreign_id").GetString());
    }

    [Fact]
    public async Task Contents_come_newest_first_by_default_and_oldest_first_on_request_with_increasing_sequences()
    {
        foreach (var (id, at) in new[] { ("o-2", "2020-01-02T00:00:00Z"), ("o-1", "2020-01-01T00:00:00Z"), ("o-3", "2020-01-03T00:00:00.250Z") })
        {
            var push = await app.PushAsync(EngageFixture.Message(id, "order-thread", id, customize: p => p["created_at"] = at));
            Assert.Equal(HttpStatusCode.OK, push.StatusCode);
        }
        var threadId = await ThreadIdAsync("order-thread");
        var (_, desc) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        Assert.Equal(["o-3", "o-2", "o-1"], desc.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
        var (_, asc) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22+order:created_at.asc&limit=2&offset=1");
        Assert.Equal(["o-2", "o-3"], asc.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("body").GetString()));
        Assert.Equal(3, asc.GetProperty("count").GetInt32());
        var sequences = desc.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("sequence").GetInt64()).Order().ToList();
        Assert.Equal([1L, 2L, 3L], sequences);
    }

    [Fact]
    public async Task A_reply_from_the_customer_points_at_the_replied_content()
    {
        await app.PushAsync(EngageFixture.Message("r-1", "reply-thread", "question", "r-a"));
        await app.PushAsync(EngageFixture.Message("r-2", "reply-thread", "more", "r-b", customize: p => p["in_reply_to_id"] = "r-1"));
        var threadId = await ThreadIdAsync("reply-thread");
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var records = contents.GetProperty("records").EnumerateArray().ToList();
        var first = records.Single(c => c.GetProperty("foreign_id").GetString() == "r-1");
        var second = records.Single(c => c.GetProperty("foreign_id").GetString() == "r-2");
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("in_reply_to_id").GetString());
        Assert.Equal(first.GetProperty("author_id").GetString(), second.GetProperty("in_reply_to_author_id").GetString());
    }

    [Fact]
    public async Task Users_roles_sources_and_identities_are_listed()
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        Assert.Equal(["admin", "agent", "bot"], roles.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("label").GetString()).Order());
        var (_, users) = await app.GetAsync("1.0/users");
        Assert.Contains(users.GetProperty("records").EnumerateArray(), u => u.GetProperty("email").GetString() == "admin@engage.local");
        var (_, sources) = await app.GetAsync("1.0/content_sources");
        var source = sources.GetProperty("records").EnumerateArray().Single(s => s.GetProperty("id").GetString() == app.Bootstrap.SourceId);
        Assert.DoesNotContain(app.Bootstrap.SourceSecret, source.GetRawText());
        await app.PushAsync(EngageFixture.Message("id-1", "identity-thread", "hi", "listed-user", "listed"));
        var (_, identities) = await app.GetAsync($"1.0/identities?source_id={app.Bootstrap.SourceId}&limit=150");
        Assert.Contains(identities.GetProperty("records").EnumerateArray(), i => i.GetProperty("foreign_id").GetString() == "listed-user");
    }

    private async Task<string> ThreadIdAsync(string foreignId)
    {
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        return threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == foreignId).GetProperty("id").GetString()!;
    }
}
