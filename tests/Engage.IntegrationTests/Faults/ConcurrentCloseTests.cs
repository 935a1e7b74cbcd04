using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Engage.IntegrationTests.Api;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Fault case 5: closes and reassigns of one intervention sent at the same moment. Exactly one close is accepted; the
/// others get the contract's refusal (409 <c>close_in_progress</c> or 403 <c>intervention_closed</c>); a reassign either
/// lands before the close or is refused; one <c>intervention.closed</c> event, and the intervention, its thread and the
/// intervention list agree at the end.
/// </summary>
public class ConcurrentCloseTests(FastRetryFixture app) : IClassFixture<FastRetryFixture>
{
    [Fact]
    public async Task Racing_closes_and_reassigns_close_the_intervention_once()
    {
        await using var bridge = await TestBridge.StartAsync();
        var (sourceId, secret) = await FaultApi.BridgeSourceAsync(app, bridge, "Close race source");
        var (otherAgent, _, _) = await app.UserWithTokenAsync("close-race-agent@example.com", "agent", "read,reply", sourceId);

        for (var round = 0; round < 3; round++)
        {
            var thread = $"close-race-{round}";
            await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message($"close-race-msg-{round}", thread, "Help please"), sourceId, secret, TimeSpan.FromSeconds(30));
            var threadId = (await FaultApi.ThreadAsync(app, sourceId, thread)).GetProperty("id").GetString()!;
            var (interventionId, _) = await FaultApi.EngageAndReplyAsync(app, await FaultApi.ContentIdAsync(app, threadId, $"close-race-msg-{round}"), "On it");

            var closes = Enumerable.Range(0, 4).Select(_ => SendAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/close"));
            var reassigns = Enumerable.Range(0, 4).Select(_ => SendAsync(HttpMethod.Put, $"1.0/interventions/{interventionId}/reassign?user_id={otherAgent}"));
            var all = await Task.WhenAll(closes.Concat(reassigns));
            var (closeAnswers, reassignAnswers) = (all[..4], all[4..]);

            Assert.Single(closeAnswers, a => a.Status == 200);
            Assert.All(closeAnswers.Where(a => a.Status != 200), a => Assert.Contains((a.Status, a.Error), new (int, string?)[] { (409, "close_in_progress"), (403, "intervention_closed") }));
            Assert.All(reassignAnswers, a => Assert.True(a.Status == 200 || (a.Status, a.Error) == (403, "intervention_closed"), $"{a.Status} {a.Error}"));

            JsonElement intervention = default;
            Assert.True(await EngageFixture.EventuallyAsync(async () =>
                (intervention = (await app.GetAsync($"1.0/interventions/{interventionId}")).Json).GetProperty("status").GetString() == "closed", TimeSpan.FromSeconds(30)), intervention.ToString());
            Assert.Equal(JsonValueKind.String, intervention.GetProperty("closed_at").ValueKind);

            // One closed event, and a user_updated event for each accepted reassign: nothing lost, nothing doubled.
            var accepted = reassignAnswers.Count(a => a.Status == 200);
            List<JsonElement> closed = [], reassigned = [];
            Assert.True(await EngageFixture.EventuallyAsync(async () =>
                (closed = await EventsAsync(threadId, "intervention.closed")).Count >= 1 && (reassigned = await EventsAsync(threadId, "intervention.user_updated")).Count >= accepted,
                TimeSpan.FromSeconds(30)), $"{closed.Count} closed, {reassigned.Count} user_updated events");
            await Task.Delay(1000); // a doubled event would be logged by now: the queues retry every second here
            Assert.Single(await EventsAsync(threadId, "intervention.closed"));
            Assert.Equal(accepted, (await EventsAsync(threadId, "intervention.user_updated")).Count);
            if (accepted > 0) Assert.Equal(otherAgent, intervention.GetProperty("user_id").GetString());

            // The intervention list (its own index) agrees: closed, and no longer open.
            Assert.True(await EngageFixture.EventuallyAsync(async () => (await ListedAsync("closed")).Contains(interventionId)));
            Assert.DoesNotContain(interventionId, await ListedAsync("opened"));
        }
    }

    private Task<List<JsonElement>> EventsAsync(string threadId, string name) => FaultApi.EventsAsync(app, $"content_thread:\"{threadId}\" name_in:\"{name}\"");

    private async Task<List<string>> ListedAsync(string status) =>
        (await FaultApi.AllAsync(app, $"1.0/interventions?status={status}")).Select(v => v.GetProperty("id").GetString()!).ToList();

    private async Task<(int Status, string? Error)> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent([]) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        var json = await EngageFixture.ReadJsonAsync(response);
        return ((int)response.StatusCode, response.StatusCode == HttpStatusCode.OK ? null : json.GetProperty("error").GetString());
    }
}
