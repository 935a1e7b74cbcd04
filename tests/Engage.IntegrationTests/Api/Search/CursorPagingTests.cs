using System.Text.Json;

namespace Engage.IntegrationTests.Api.Search;

/// <summary>
/// Cursor paging and the changes feed on threads (issue 7): a walk sees every thread listed when it started exactly
/// once, even when threads move between pages; <c>updated_since</c> gives what changed.
/// </summary>
public class CursorPagingTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static readonly DateTimeOffset Day = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_cursor_walk_sees_each_thread_once_while_threads_move_and_new_ones_arrive()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "cursor-walk");
        for (var i = 0; i < 12; i++) await SearchSource.PushAsync(app, source, secret, $"w{i}", $"walk-{i:D2}", $"message {i}", $"walker-{i}", Day.AddMinutes(i));

        var seen = new List<string>();
        var (first, page) = await GetAsync($"q=source:{source}&limit=4");
        Assert.Equal(200, first);
        seen.AddRange(SearchSource.Values(page, "foreign_id"));
        Assert.Equal(["walk-11", "walk-10", "walk-09", "walk-08"], seen);
        var round = 0;
        while (page.GetProperty("next_cursor").GetString() is { } cursor)
        {
            // Between pages: a thread not yet seen gets a new message (it jumps to the top), one already seen does
            // too, and a brand new thread starts. Offset paging would skip or repeat here.
            await SearchSource.PushAsync(app, source, secret, $"move-ahead-{round}", $"walk-{round:D2}", "jump", $"walker-{round}", DateTimeOffset.UtcNow);
            await SearchSource.PushAsync(app, source, secret, $"move-seen-{round}", "walk-11", "again", "walker-11", DateTimeOffset.UtcNow);
            await SearchSource.PushAsync(app, source, secret, $"new-{round}", $"late-{round}", "new", "latecomer", DateTimeOffset.UtcNow);
            round++;
            var (status, next) = await GetAsync($"q=source:{source}&limit=4&cursor={Uri.EscapeDataString(cursor)}");
            Assert.True(status == 200, next.ToString());
            seen.AddRange(SearchSource.Values(next, "foreign_id"));
            page = next;
        }
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"walk-{i:D2}").Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        // Offset paging with the same moves between pages does lose threads: the reason cursors exist.
        var (_, now) = await GetAsync($"q=source:{source}&limit=150");
        Assert.Equal(12 + round, now.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_filtered_walk_resumes_with_the_same_filter_and_refuses_another_list_or_a_forged_cursor()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "cursor-filter");
        for (var i = 0; i < 7; i++) await SearchSource.PushAsync(app, source, secret, $"f{i}", $"filt-{i}", i % 2 == 0 ? $"refund {i}" : $"hello {i}", "filter-author", Day.AddHours(i));
        var q = Uri.EscapeDataString($"source:{source} text:refund");
        var (_, first) = await GetAsync($"q={q}&limit=2");
        Assert.Equal(4, first.GetProperty("count").GetInt32());
        var cursor = first.GetProperty("next_cursor").GetString()!;
        var (_, second) = await GetAsync($"q={q}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal(["filt-6", "filt-4", "filt-2", "filt-0"], SearchSource.Values(first, "foreign_id").Concat(SearchSource.Values(second, "foreign_id")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next_cursor").ValueKind);

        var (onContents, contentsError) = await app.GetAsync($"1.0/contents?q=thread:x&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal((422, "invalid_cursor"), (onContents, contentsError.GetProperty("error").GetString()));
        var (forged, forgedError) = await GetAsync("cursor=bm90IGEgY3Vyc29y");
        Assert.Equal((422, "invalid_cursor"), (forged, forgedError.GetProperty("error").GetString()));
        var (withOffset, offsetError) = await GetAsync($"offset=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal((422, "invalid_parameter"), (withOffset, offsetError.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Updated_since_lists_the_threads_that_changed_including_a_change_to_one_of_their_contents()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "changes-feed");
        await SearchSource.PushAsync(app, source, secret, "c1", "feed-quiet", "nothing more", "feed-a", Day);
        await SearchSource.PushAsync(app, source, secret, "c2", "feed-message", "more soon", "feed-b", Day);
        await SearchSource.PushAsync(app, source, secret, "c3", "feed-ignored", "ignore me", "feed-c", Day);
        var threads = await SearchSource.ThreadIdsAsync(app, source);
        var ignoredContent = await SearchSource.FirstContentIdAsync(app, threads["feed-ignored"]);
        await Task.Delay(1100); // updated_at has second precision on the wire; the feed compares exact times.
        var since = DateTimeOffset.UtcNow;

        await SearchSource.PushAsync(app, source, secret, "c4", "feed-message", "here", "feed-b", DateTimeOffset.UtcNow);
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/contents/{ignoredContent}/ignore", [])).Status);

        var query = $"q=source:{source}&updated_since={Uri.EscapeDataString(since.ToString("O"))}";
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
        {
            var (_, changed) = await GetAsync(query);
            return SearchSource.Values(changed, "foreign_id").Order().SequenceEqual(["feed-ignored", "feed-message"]);
        }));
        var (_, contents) = await app.GetAsync($"1.0/contents?q={Uri.EscapeDataString($"thread:{threads["feed-ignored"]}")}&updated_since={Uri.EscapeDataString(since.ToString("O"))}");
        Assert.Equal([ignoredContent], SearchSource.Values(contents, "id"));
        var (_, none) = await app.GetAsync($"1.0/contents?q={Uri.EscapeDataString($"thread:{threads["feed-quiet"]}")}&updated_since={Uri.EscapeDataString(since.ToString("O"))}");
        Assert.Equal(0, none.GetProperty("count").GetInt32());
    }

    private Task<(int Status, JsonElement Json)> GetAsync(string query) => app.GetAsync($"1.0/content_threads?{query}");
}
