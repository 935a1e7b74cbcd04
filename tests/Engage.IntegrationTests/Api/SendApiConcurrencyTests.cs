using System.Net;

namespace Engage.IntegrationTests.Api;

/// <summary>Races: the same message pushed twice at once is one content; many messages into one thread keep every one.</summary>
public class SendApiConcurrencyTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task Two_concurrent_pushes_of_one_message_id_make_one_content()
    {
        for (var round = 0; round < 5; round++)
        {
            var body = EngageFixture.Message($"dup-{round}", $"dup-thread-{round}", "same message", $"dup-user-{round}");
            var pushes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.PushAsync(body)));
            Assert.All(pushes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
            var thread = await ThreadAsync($"dup-thread-{round}");
            Assert.Equal(1, thread.GetProperty("contents_count").GetInt32());
            var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{thread.GetProperty("id").GetString()}%22");
            Assert.Single(contents.GetProperty("records").EnumerateArray());
        }
        var (_, identities) = await app.GetAsync("1.0/identities?limit=150");
        Assert.Equal(5, identities.GetProperty("records").EnumerateArray().Count(i => i.GetProperty("foreign_id").GetString()!.StartsWith("dup-user-")));
    }

    [Fact]
    public async Task Sixty_concurrent_messages_into_one_new_thread_are_all_kept_with_distinct_sequences()
    {
        var pushes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            app.PushAsync(EngageFixture.Message($"burst-{i}", "burst-thread", $"message {i}", $"burst-user-{i % 3}"))));
        Assert.All(pushes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        var thread = await ThreadAsync("burst-thread");
        Assert.Equal(60, thread.GetProperty("contents_count").GetInt32());
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{thread.GetProperty("id").GetString()}%22&limit=150");
        var records = contents.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(60, records.Count);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), records.Select(c => c.GetProperty("sequence").GetInt64()).Order());
        Assert.Equal(1, records.Count(c => c.GetProperty("first_in_thread").GetBoolean()));
        // The thread is listed once, however the racing index updates interleaved.
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        Assert.Single(threads.GetProperty("records").EnumerateArray(), t => t.GetProperty("foreign_id").GetString() == "burst-thread");
    }

    private async Task<System.Text.Json.JsonElement> ThreadAsync(string foreignId)
    {
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        return threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == foreignId);
    }
}
