using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.IntegrationTests.Api.Search;

/// <summary>
/// The thread list under concurrency (issue 7, found by a fresh-user review): racing pushes into one thread leave it
/// listed once with full pages and exact counts, and a cursor walk while messages keep arriving sees every thread
/// that existed when it started exactly once.
/// </summary>
public class IndexRaceTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static readonly DateTimeOffset Day = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Racing_pushes_into_one_thread_leave_it_listed_once_with_exact_counts_and_full_pages()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "race-index");
        for (var i = 0; i < 6; i++) await SearchSource.PushAsync(app, source, secret, $"calm-{i}", $"calm-{i}", "calm", "calm-author", Day.AddMinutes(i));
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
                SearchSource.PushAsync(app, source, secret, $"hot-{round}-{i}", "hot", $"burst {i}", $"hot-author-{i % 3}", DateTimeOffset.UtcNow)));
        }

        var (_, page) = await app.GetAsync($"1.0/content_threads?q=source:{source}&limit=5");
        Assert.Equal(7, page.GetProperty("count").GetInt32());
        Assert.Equal(5, page.GetProperty("records").GetArrayLength());
        Assert.Equal("hot", page.GetProperty("records")[0].GetProperty("foreign_id").GetString());
        var (_, hot) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source} foreign:hot")}");
        Assert.Equal((1, 1), (hot.GetProperty("count").GetInt32(), hot.GetProperty("records").GetArrayLength()));
        var (_, open) = await app.GetAsync($"1.0/content_threads?limit=150&q={Uri.EscapeDataString($"source:{source} status_in:open")}");
        Assert.Equal((7, 7), (open.GetProperty("count").GetInt32(), open.GetProperty("records").GetArrayLength()));
        Assert.Equal(36, hot.GetProperty("records")[0].GetProperty("contents_count").GetInt32());
    }

    [Fact]
    public async Task A_walk_while_messages_keep_arriving_sees_every_thread_it_started_with_exactly_once()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "race-walk");
        const int threads = 40;
        for (var i = 0; i < threads; i++) await SearchSource.PushAsync(app, source, secret, $"seed-{i}", $"t-{i:D2}", "seed", $"walker-{i}", Day.AddMinutes(i));

        using var stop = new CancellationTokenSource();
        var pushes = 0;
        var traffic = Task.Run(async () =>
        {
            // Keeps moving random threads to the top, some of them several times, throughout the walk.
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var batch = Enumerable.Range(0, 4).Select(_ => random.Next(threads)).Select(t =>
                    SearchSource.PushAsync(app, source, secret, $"live-{Interlocked.Increment(ref pushes)}", $"t-{t:D2}", "live", $"walker-{t}", DateTimeOffset.UtcNow));
                await Task.WhenAll(batch);
            }
        });

        var seen = new List<string>();
        var (status, page) = await app.GetAsync($"1.0/content_threads?q=source:{source}&limit=3");
        Assert.Equal(200, status);
        seen.AddRange(SearchSource.Values(page, "foreign_id"));
        while (page.GetProperty("next_cursor").GetString() is { } cursor)
        {
            (status, page) = await app.GetAsync($"1.0/content_threads?q=source:{source}&limit=3&cursor={Uri.EscapeDataString(cursor)}");
            Assert.True(status == 200, page.ToString());
            seen.AddRange(SearchSource.Values(page, "foreign_id"));
        }
        stop.Cancel();
        await traffic;

        Assert.True(pushes > 10, $"only {pushes} pushes during the walk");
        Assert.Equal(Enumerable.Range(0, threads).Select(i => $"t-{i:D2}"), seen.Order());
    }

    [Fact]
    public async Task A_cursor_resumed_under_another_q_or_edited_is_422_never_500()
    {
        var (source, secret) = await SearchSource.CreateAsync(app, "race-cursor");
        for (var i = 0; i < 4; i++) await SearchSource.PushAsync(app, source, secret, $"c{i}", $"c-{i}", "refund", "cursor-author", Day.AddMinutes(i));
        var (_, first) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source} text:refund")}&limit=2");
        var cursor = first.GetProperty("next_cursor").GetString()!;

        var (other, otherError) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source}")}&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal((422, "invalid_cursor"), (other, otherError.GetProperty("error").GetString()));
        var (since, sinceError) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source} text:refund")}&updated_since=2024-01-01&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal((422, "invalid_cursor"), (since, sinceError.GetProperty("error").GetString()));

        var wire = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(cursor.Replace('-', '+').Replace('_', '/')))))!;
        foreach (var edit in new Action<JsonNode>[] { w => w["S"] = 99999999999999999, w => w["S"] = -5, w => w["P"] = new JsonArray(), w => w["K"] = new JsonArray((JsonNode?)null) })
        {
            var edited = wire.DeepClone();
            edit(edited);
            var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes(edited.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var (code, error) = await app.GetAsync($"1.0/content_threads?q={Uri.EscapeDataString($"source:{source} text:refund")}&limit=2&cursor={raw}");
            Assert.True(code == 422 && error.GetProperty("error").GetString() == "invalid_cursor", $"{edited.ToJsonString()}: {code} {error}");
        }
    }

    private static string Pad(string base64) => base64 + new string('=', (4 - base64.Length % 4) % 4);
}
