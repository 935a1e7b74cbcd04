using System.Text.Json;

namespace Engage.IntegrationTests.Api.Search;

/// <summary><c>q</c> on <c>GET /1.0/contents</c> (issue 7): narrowing keywords, filters, order, cursor and bad input.</summary>
public class ContentSearchTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static readonly DateTimeOffset Day = new(2024, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Thread_identity_intervention_id_status_and_text_each_narrow_the_contents()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "content-kw");
        await SearchSource.PushAsync(app, source, secret, "k1", "ck-one", "Refund please", "ck-cust", Day);
        await SearchSource.PushAsync(app, source, secret, "k2", "ck-one", "order 77", "ck-cust", Day.AddMinutes(1));
        await SearchSource.PushAsync(app, source, secret, "k3", "ck-two", "refund again", "ck-cust", Day.AddMinutes(2));
        await SearchSource.PushAsync(app, source, secret, "k4", "ck-two", "other person", "ck-other", Day.AddMinutes(3));
        var threads = await SearchSource.ThreadIdsAsync(app, source);
        var customer = await SearchSource.IdentityOfAsync(app, source, "ck-cust");
        var bodies = await BodiesAsync($"thread:{threads["ck-one"]} order:created_at.asc");
        Assert.Equal(["Refund please", "order 77"], bodies);
        Assert.Equal(["order 77", "Refund please"], await BodiesAsync($"thread:{threads["ck-one"]}"));
        Assert.Equal(["refund again", "order 77", "Refund please"], await BodiesAsync($"identity:{customer}"));
        Assert.Equal(["refund again", "Refund please"], await BodiesAsync($"identity:{customer} text:REFUND"));
        Assert.Equal(["order 77"], await BodiesAsync($"identity:{customer} -text:refund"));
        Assert.Equal(["other person", "refund again"], await BodiesAsync($"thread:{threads["ck-two"]} source:{source}"));
        Assert.Empty(await BodiesAsync($"thread:{threads["ck-two"]} -source:{source}"));
        Assert.Equal(["other person", "order 77"], await BodiesAsync($"thread:{threads["ck-one"]} thread:{threads["ck-two"]} -text:refund"));

        var firstId = await SearchSource.FirstContentIdAsync(app, threads["ck-one"]);
        Assert.Equal(["Refund please"], await BodiesAsync($"id:{firstId}"));
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/contents/{firstId}/ignore", [])).Status);
        Assert.Equal(["Refund please"], await BodiesAsync($"thread:{threads["ck-one"]} status:ignored"));
        Assert.Equal(["order 77"], await BodiesAsync($"thread:{threads["ck-one"]} status_in:new"));
        Assert.Equal(["order 77"], await BodiesAsync($"thread:{threads["ck-one"]} -status:ignored"));

        var (_, contents) = await app.GetAsync($"1.0/contents?q={Uri.EscapeDataString($"thread:{threads["ck-two"]} text:refund")}");
        var refundId = contents.GetProperty("records")[0].GetProperty("id").GetString()!;
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={refundId}", []);
        Assert.Equal(200, opened);
        Assert.Equal(["refund again"], await BodiesAsync($"intervention:{intervention.GetProperty("id").GetString()}"));
    }

    [Fact]
    public async Task A_cursor_over_a_thread_resumes_without_repeats_while_contents_are_added()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "content-cursor");
        for (var i = 0; i < 7; i++) await SearchSource.PushAsync(app, source, secret, $"cc{i}", "cc-thread", $"m{i}", "cc-author", Day.AddSeconds(i));
        var thread = (await SearchSource.ThreadIdsAsync(app, source))["cc-thread"];
        var q = Uri.EscapeDataString($"thread:\"{thread}\" order:created_at.asc");
        var seen = new List<string>();
        var (_, page) = await app.GetAsync($"1.0/contents?q={q}&limit=3");
        seen.AddRange(SearchSource.Values(page, "body"));
        var added = 0;
        while (page.GetProperty("next_cursor").GetString() is { } cursor)
        {
            // Offset paging would repeat the last item of a page here, had a content been inserted before it.
            await SearchSource.PushAsync(app, source, secret, $"cc-early-{added}", "cc-thread", $"backdated {added}", "cc-author", Day.AddSeconds(-10 - added));
            added++;
            (_, page) = await app.GetAsync($"1.0/contents?q={q}&limit=3&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(SearchSource.Values(page, "body"));
        }
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"m{i}"), seen);
    }

    [Theory]
    [InlineData("text:refund", "thread:")]
    [InlineData("source:abc", "thread:")]
    [InlineData("thread:x colour:red", "'colour'")]
    [InlineData("thread:x order:last_content_at.desc", "created_at")]
    [InlineData("-thread:x", "thread:")]
    public async Task Bad_content_queries_are_422_saying_why(string q, string why)
    {
        var (status, error) = await app.GetAsync($"1.0/contents?q={Uri.EscapeDataString(q)}");
        Assert.Equal(422, status);
        Assert.Equal("invalid_query", error.GetProperty("error").GetString());
        Assert.Contains(why, error.GetProperty("message").GetString());
    }

    private async Task<List<string>> BodiesAsync(string q)
    {
        var (status, list) = await app.GetAsync($"1.0/contents?limit=150&q={Uri.EscapeDataString(q)}");
        Assert.True(status == 200, $"q={q}: {status} {list}");
        Assert.Equal(list.GetProperty("records").GetArrayLength(), list.GetProperty("count").GetInt32());
        return SearchSource.Values(list, "body");
    }
}
