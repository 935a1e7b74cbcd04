using System.Net;
using System.Text.Json;
using Engage.Application.Polling;
using Engage.Application.Sources;
using Engage.IntegrationTests.Faults;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// A reply posted to a bridge takes the bridge's id as its <c>foreign_id</c>. The bridge then shows that message like any
/// other: its <c>messages.list</c> returns it and some bridges push it back. PROTOCOL.md: "The same object id pushed twice
/// is the same content", so neither makes a second content, and a customer answering it (<c>in_reply_to_id</c> = that id)
/// is linked to the reply.
/// </summary>
public sealed class ReplyEchoTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static string Message(string id, string body, string authorId, string? inReplyTo = null) =>
        JsonSerializer.Serialize(new
        {
            id, thread_id = "echo-thread", body, in_reply_to_id = inReplyTo, created_at = "2026-11-30T10:00:00Z",
            author = new { id = authorId, screenname = authorId, created_at = "2026-11-01T10:00:00Z", updated_at = "2026-11-01T10:00:00Z" },
        });

    [Fact]
    public async Task A_reply_listed_or_pushed_back_by_the_bridge_is_not_imported_again_and_answers_to_it_link_to_it()
    {
        await using var bridge = await TestBridge.StartAsync();
        var echoed = Message("ext-reply-1", "Our answer", "brand-page");
        var listed = 0; // the bridge lists the reply once we know its id (a background poll could come first otherwise)
        bridge.Respond = body => JsonDocument.Parse(body).RootElement.GetProperty("action").GetString() switch
        {
            "implementation.info" => (200, "{\"objects\":{\"messages\":[\"create\",\"list\"]},\"options\":[]}", true),
            "messages.create" => (200, "{\"id\":\"ext-reply-1\"}", true),
            "messages.list" => (200, Volatile.Read(ref listed) == 1 ? $"[{echoed}]" : "[]", true),
            _ => (200, "{}", true),
        };
        var (sourceId, secret) = await FaultApi.BridgeSourceAsync(app, bridge, "Echoing bridge");
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync($$"""{"action":"messages.create","params":{{Message("cust-1", "Where is my order?", "carla")}}}""", sourceId, secret)).StatusCode);
        var threadId = (await FaultApi.ThreadAsync(app, sourceId, "echo-thread")).GetProperty("id").GetString()!;
        var (_, replyId) = await FaultApi.EngageAndReplyAsync(app, await FaultApi.ContentIdAsync(app, threadId, "cust-1"), "Our answer");
        var reply = await FaultApi.WaitForContentAsync(app, replyId, c => c.GetProperty("synchronization_status").GetString() == "success");
        Assert.Equal("ext-reply-1", reply.GetProperty("foreign_id").GetString());
        Volatile.Write(ref listed, 1);

        // Polled back, then pushed back: still the customer's message and our reply.
        var source = (await app.Host.Services.GetRequiredService<SourceStore>().FindAsync(sourceId, CancellationToken.None))!;
        await app.Host.Services.GetRequiredService<SourcePoller>().PollAsync(source, CancellationToken.None);
        Assert.Contains(bridge.Received, r => r.Body.Contains("\"action\":\"messages.list\""));
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync($$"""{"action":"messages.create","params":{{echoed}}}""", sourceId, secret)).StatusCode);
        Assert.Equal([replyId], (await FaultApi.ContentsAsync(app, threadId)).Where(c => c.GetProperty("foreign_id").GetString() == "ext-reply-1").Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(2, (await FaultApi.ThreadAsync(app, sourceId, "echo-thread")).GetProperty("contents_count").GetInt32());

        // The customer answers our reply on the channel.
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync($$"""{"action":"messages.create","params":{{Message("cust-2", "Thanks!", "carla", inReplyTo: "ext-reply-1")}}}""", sourceId, secret)).StatusCode);
        var answer = (await FaultApi.ContentsAsync(app, threadId)).Single(c => c.GetProperty("foreign_id").GetString() == "cust-2");
        Assert.Equal(replyId, answer.GetProperty("in_reply_to_id").GetString());
    }
}
