using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Engage.Application.Events;
using Engage.Application.EventStream;
using Engage.Application.Storage.Entities;

namespace Engage.UnitTests.Application;

/// <summary>The Service Bus event stream through its sender interface: one message per event, ordered per thread by session.</summary>
public class EventStreamPublisherTests
{
    private sealed class RecordingSender : IEventStreamSender
    {
        public List<ServiceBusMessage> Sent { get; } = [];

        public Task SendAsync(IReadOnlyList<ServiceBusMessage> messages, CancellationToken cancellationToken)
        {
            Sent.AddRange(messages);
            return Task.CompletedTask;
        }
    }

    private static EventEntity Event(string id, string? threadId, string type = "content.imported") => new()
    {
        EventId = id, Type = type, SourceId = "src", ThreadId = threadId, ResourceType = "content", ResourceId = "c1", Sequence = 4,
        IssuedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, 123, TimeSpan.Zero), MetadataJson = "{\"body\":\"Hi\"}",
    };

    [Fact]
    public async Task Each_event_is_one_message_keyed_by_event_id_in_its_threads_session()
    {
        var sender = new RecordingSender();
        await new EventStreamPublisher(sender).PublishAsync([Event("5f1b2c3d4e5f6a7b8c9d0e1f", "t1"), Event("5f1b2c3d4e5f6a7b8c9d0e2f", null, "identity.merged")], CancellationToken.None);

        Assert.Equal(["5f1b2c3d4e5f6a7b8c9d0e1f", "5f1b2c3d4e5f6a7b8c9d0e2f"], sender.Sent.Select(m => m.MessageId));
        Assert.Equal(["t1", "source:src"], sender.Sent.Select(m => m.SessionId));
        Assert.Equal(["content.imported", "identity.merged"], sender.Sent.Select(m => m.Subject));
        using var body = JsonDocument.Parse(sender.Sent[0].Body.ToString());
        Assert.Equal(("content.imported", "2026-11-30T12:00:00.123Z", "Hi", 4L), (body.RootElement.GetProperty("type").GetString(),
            body.RootElement.GetProperty("issued_at").GetString(), body.RootElement.GetProperty("resource").GetProperty("metadata").GetProperty("body").GetString(),
            body.RootElement.GetProperty("sequence").GetInt64()));
        Assert.Equal(4L, sender.Sent[0].ApplicationProperties["sequence"]);
    }

    [Fact]
    public async Task Nothing_is_sent_for_no_events()
    {
        var sender = new RecordingSender();
        await new EventStreamPublisher(sender).PublishAsync([], CancellationToken.None);
        Assert.Empty(sender.Sent);
    }
}
