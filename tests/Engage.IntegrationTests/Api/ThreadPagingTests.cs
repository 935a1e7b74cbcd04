using System.Net;

namespace Engage.IntegrationTests.Api;

/// <summary>Offset paging over the thread list in the documented order, with the count.</summary>
public class ThreadPagingTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task Seventy_five_threads_page_by_30_newest_activity_first_with_none_missing_or_repeated()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var batch = 0; batch < 75; batch += 15)
        {
            var pushes = await Task.WhenAll(Enumerable.Range(batch, 15).Select(i => app.PushAsync(EngageFixture.Message(
                $"page-m{i}", $"page-t{i}", $"thread {i}", $"page-u{i}", customize: p => p["created_at"] = start.AddMinutes(i).ToString("O")))));
            Assert.All(pushes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        }
        // Activity moves thread 3 to the top.
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("page-late", "page-t3", "late", "page-u3", customize: p => p["created_at"] = start.AddDays(1).ToString("O")))).StatusCode);

        var seen = new List<string>();
        foreach (var offset in new[] { 0, 30, 60 })
        {
            var (status, page) = await app.GetAsync($"1.0/content_threads?offset={offset}&limit=30");
            Assert.Equal(200, status);
            Assert.Equal(75, page.GetProperty("count").GetInt32());
            Assert.Equal((offset, 30), (page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32()));
            seen.AddRange(page.GetProperty("records").EnumerateArray().Select(t => t.GetProperty("foreign_id").GetString()!));
        }
        var expected = new[] { "page-t3" }.Concat(Enumerable.Range(0, 75).Reverse().Where(i => i != 3).Select(i => $"page-t{i}"));
        Assert.Equal(expected, seen);
        var (_, beyond) = await app.GetAsync("1.0/content_threads?offset=75&limit=30");
        Assert.Empty(beyond.GetProperty("records").EnumerateArray());
        var (_, bySource) = await app.GetAsync($"1.0/content_threads?q=source:{app.Bootstrap.SourceId}&limit=5");
        Assert.Equal(5, bySource.GetProperty("records").GetArrayLength());
        var (_, otherSource) = await app.GetAsync("1.0/content_threads?q=source:5f1b2c3d4e5f6a7b8c9d0e1f");
        Assert.Equal(0, otherSource.GetProperty("count").GetInt32());
    }
}
