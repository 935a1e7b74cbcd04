using System.Net;
using System.Text.Json;

namespace Engage.IntegrationTests.Api.Search;

/// <summary>
/// <c>q</c> on <c>GET /1.0/content_threads</c> (issue 7): each keyword, negation, repeated keywords and bad input,
/// over HTTP against the local runner. Every test works in a source of its own, so counts are exact.
/// </summary>
public class ThreadSearchTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static readonly DateTimeOffset Day = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Identity_foreign_text_language_and_content_dates_each_select_their_threads()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "kw-plain");
        await SearchSource.PushAsync(app, source, secret, "m1", "t-alpha", "Refund for order 1234", "cust-a", Day, language: "fr");
        await SearchSource.PushAsync(app, source, secret, "m2", "t-beta", "Where is my parcel", "cust-b", Day.AddDays(2), language: "en");
        await SearchSource.PushAsync(app, source, secret, "m3", "t-beta", "still waiting", "cust-b", Day.AddDays(5));
        await SearchSource.PushAsync(app, source, secret, "m4", "t-gamma", "Hello", "cust-a", Day.AddDays(9));
        var identityA = await SearchSource.IdentityOfAsync(app, source, "cust-a");

        Assert.Equal(["t-alpha", "t-gamma"], await ForeignIdsAsync(source, $"identity:{identityA}"));
        Assert.Equal(["t-beta"], await ForeignIdsAsync(source, $"-identity:{identityA}"));
        Assert.Equal(["t-beta"], await ForeignIdsAsync(source, "foreign:t-beta"));
        Assert.Equal(["t-alpha", "t-beta"], await ForeignIdsAsync(source, "foreign:t-beta foreign:t-alpha"));
        Assert.Equal(["t-alpha"], await ForeignIdsAsync(source, "refund"));
        Assert.Equal(["t-alpha"], await ForeignIdsAsync(source, "text:\"ORDER 1234\""));
        Assert.Equal(["t-beta", "t-gamma"], await ForeignIdsAsync(source, "-text:refund"));
        Assert.Equal(["t-alpha"], await ForeignIdsAsync(source, "language:FR"));
        Assert.Equal(["t-beta", "t-gamma"], await ForeignIdsAsync(source, "first_content_after:2024-03-02"));
        Assert.Equal(["t-alpha"], await ForeignIdsAsync(source, "first_content_before:2024-03-02T00:00:00Z"));
        // t-beta's first content is on the 3rd, its last on the 6th.
        Assert.Equal(["t-beta", "t-gamma"], await ForeignIdsAsync(source, "last_content_after:2024-03-04"));
        Assert.Equal(["t-beta"], await ForeignIdsAsync(source, "last_content_after:2024-03-04 last_content_before:2024-03-08"));
        Assert.Equal(["t-gamma"], await ForeignIdsAsync(source, "-last_content_before:2024-03-08 identity:" + identityA + " -foreign:nothing"));
        Assert.Equal(["t-gamma"], await ForeignIdsAsync(source, "last_content_after:2024-03-09T12:00:00+10:00"));
    }

    [Fact]
    public async Task Status_categories_and_assignment_follow_the_thread_as_it_changes()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "kw-state");
        await SearchSource.PushAsync(app, source, secret, "s1", "t-open", "one", "c1", Day);
        await SearchSource.PushAsync(app, source, secret, "s2", "t-closed", "two", "c2", Day.AddHours(1));
        await SearchSource.PushAsync(app, source, secret, "s3", "t-assigned", "three", "c3", Day.AddHours(2));
        await SearchSource.PushAsync(app, source, secret, "s4", "t-categorized", "four", "c4", Day.AddHours(3));
        var threads = await SearchSource.ThreadIdsAsync(app, source);
        var (agentId, agentToken, _) = await app.UserWithTokenAsync("search-agent@example.com", "agent", "read,reply", source);

        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threads["t-closed"]}/close", [])).Status);
        var assignedContent = await SearchSource.FirstContentIdAsync(app, threads["t-assigned"]);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={assignedContent}", [], agentToken)).Status);
        var (_, category) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [new("name", "Search VIP")]);
        var categoryId = category.GetProperty("id").GetString()!;
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threads["t-categorized"]}/update_categories", [new("thread_category_ids[]", categoryId)])).Status);

        // The index copies a thread's state after the change is dispatched: at most a moment later.
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ForeignIdsAsync(source, "status_in:closed")).SequenceEqual(["t-closed"])
            && (await ForeignIdsAsync(source, $"assigned_to:{agentId}")).SequenceEqual(["t-assigned"])
            && (await ForeignIdsAsync(source, $"categorized_in:{categoryId}")).SequenceEqual(["t-categorized"])));

        Assert.Equal(["t-assigned", "t-categorized", "t-open"], await ForeignIdsAsync(source, "status_in:open"));
        Assert.Equal(["t-assigned", "t-categorized", "t-closed", "t-open"], await ForeignIdsAsync(source, "status_in:opened status_in:closed"));
        Assert.Equal(["t-closed"], await ForeignIdsAsync(source, "-status_in:open"));
        Assert.Equal(["t-categorized"], await ForeignIdsAsync(source, "categorized:yes"));
        Assert.Equal(["t-assigned", "t-closed", "t-open"], await ForeignIdsAsync(source, "categorized:0"));
        Assert.Equal(["t-assigned"], await ForeignIdsAsync(source, "assigned:true"));
        Assert.Equal(["t-assigned"], await ForeignIdsAsync(source, $"opened_and_assigned_to:{agentId}"));
        Assert.Equal(["t-assigned"], await ForeignIdsAsync(source, "active_and_assigned:on"));
        Assert.Equal(["t-categorized", "t-closed", "t-open"], await ForeignIdsAsync(source, "active_and_assigned:off"));
        Assert.Equal(["t-categorized", "t-closed", "t-open"], await ForeignIdsAsync(source, $"-assigned_to:{agentId}"));

        // Reassigning moves the thread to the new agent; closing the thread takes it out of opened_and_assigned_to.
        var (otherId, _, _) = await app.UserWithTokenAsync("search-agent-2@example.com", "agent", "read,reply", source);
        var (_, list) = await app.GetAsync($"1.0/interventions?thread_id={threads["t-assigned"]}");
        var interventionId = list.GetProperty("records")[0].GetProperty("id").GetString()!;
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/reassign", [new("user_id", otherId)])).Status);
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ForeignIdsAsync(source, $"assigned_to:{otherId}")).SequenceEqual(["t-assigned"])));
        Assert.Empty(await ForeignIdsAsync(source, $"assigned_to:{agentId}"));
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threads["t-assigned"]}/close", [])).Status);
        Assert.True(await EngageFixture.EventuallyAsync(async () => (await ForeignIdsAsync(source, $"opened_and_assigned_to:{otherId}")).Count == 0));
    }

    [Theory]
    [InlineData("colour:red", "colour")]
    [InlineData("source:x -nickname:bob", "nickname")]
    public async Task An_unknown_keyword_is_422_naming_it(string q, string keyword)
    {
        var (status, error) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString(q)}");
        Assert.Equal(422, status);
        Assert.Equal("invalid_query", error.GetProperty("error").GetString());
        Assert.Contains($"'{keyword}'", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("first_content_after:03/04/2011", "ambiguous")]
    [InlineData("last_content_before:yesterday", "ISO 8601")]
    [InlineData("categorized:maybe", "boolean")]
    [InlineData("status_in:pending", "open or closed")]
    [InlineData("text:\"unclosed", "quote")]
    [InlineData("order:created_at.asc", "last_content_at")]
    public async Task Bad_values_are_422_saying_why(string q, string why)
    {
        var (status, error) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString(q)}");
        Assert.Equal(422, status);
        Assert.Equal(("invalid_query", 422), (error.GetProperty("error").GetString(), error.GetProperty("status").GetInt32()));
        Assert.Contains(why, error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=151")]
    [InlineData("limit=ten")]
    [InlineData("offset=-1")]
    [InlineData("updated_since=03/04/2011")]
    public async Task Bad_paging_and_feed_parameters_are_422(string query)
    {
        var (status, error) = await app.GetAsync($"1.0/content_threads?{query}");
        Assert.Equal(422, status);
        Assert.Equal("invalid_parameter", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_source_the_caller_may_not_read_gives_nothing_even_when_named()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "kw-hidden");
        await SearchSource.PushAsync(app, source, secret, "h1", "t-hidden", "secret plans", "x1", Day);
        var (_, outsiderToken, _) = await app.UserWithTokenAsync("search-outsider@example.com", "agent", "read,reply", app.Bootstrap.SourceId);
        var (status, list) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source} text:secret")}", outsiderToken);
        Assert.Equal(200, status);
        Assert.Equal(0, list.GetProperty("count").GetInt32());
    }

    private async Task<List<string>> ForeignIdsAsync(string source, string q)
    {
        var (status, list) = await app.GetAsync($"1.0/content_threads?limit=150&q={Uri.EscapeDataString($"source:{source} {q}")}");
        Assert.True(status == 200, $"q={q}: {status} {list}");
        var ids = list.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("foreign_id").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(ids.Count, list.GetProperty("count").GetInt32());
        return ids;
    }
}
