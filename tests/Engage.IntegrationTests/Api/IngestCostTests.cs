using System.Net;

namespace Engage.IntegrationTests.Api;

/// <summary>The README's figure: a message from a known identity into an existing thread costs 2 point reads, 2 write transactions, 1 queue operation.</summary>
public class IngestCostTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static Dictionary<string, int> Operations(HttpResponseMessage response) =>
        response.Headers.GetValues("X-Engage-Operations").Single().Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1]));

    [Fact]
    public async Task A_known_author_in_an_existing_thread_costs_2_reads_2_writes_1_queue_operation()
    {
        var first = await app.PushAsync(EngageFixture.Message("cost-1", "cost-thread", "first", "cost-user"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstCost = Operations(first);
        Assert.True(firstCost["writes"] > 2, "a new thread and identity cost more");

        for (var i = 2; i <= 4; i++)
        {
            var next = await app.PushAsync(EngageFixture.Message($"cost-{i}", "cost-thread", $"message {i}", "cost-user"));
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            var cost = Operations(next);
            Assert.Equal(new Dictionary<string, int> { ["reads"] = 2, ["queries"] = 0, ["writes"] = 2, ["queue"] = 1 }, cost);
        }
    }

    [Fact]
    public async Task A_duplicate_push_writes_nothing_new_and_takes_back_its_announcement()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("cost-dup", "cost-dup-thread", "x", "cost-dup-user"))).StatusCode);
        var again = await app.PushAsync(EngageFixture.Message("cost-dup", "cost-dup-thread", "x", "cost-dup-user"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var cost = Operations(again);
        // send + delete of the announcement; one refused transaction; no index move.
        Assert.Equal(2, cost["queue"]);
        Assert.Equal(1, cost["writes"]);
    }
}
