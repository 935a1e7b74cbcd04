using Azure.Messaging.ServiceBus;
using Engage.Application.Events;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;

namespace Engage.Application.EventStream;

/// <summary>
/// Publishes every recorded event to the Service Bus topic (issue 5, item 7), registered only when a connection is
/// configured. One message per event: the body is the event as webhooks carry it (<see cref="EventJson.ForWebhook"/>),
/// <c>MessageId</c> the event id (the topic's duplicate detection drops a re-publish after a retried dispatch),
/// <c>SessionId</c> the thread id (so a session-enabled subscription reads each thread in order; an event without a
/// thread uses <c>source:{id}</c>), <c>Subject</c> the event type.
/// </summary>
public sealed class EventStreamPublisher(IEventStreamSender sender) : IEventSink
{
    /// <inheritdoc />
    public Task PublishAsync(IReadOnlyList<EventEntity> events, CancellationToken cancellationToken) =>
        events.Count == 0 ? Task.CompletedTask : sender.SendAsync(events.Select(ToMessage).ToList(), cancellationToken);

    /// <summary>The message for one event.</summary>
    public static ServiceBusMessage ToMessage(EventEntity e) => new(BinaryData.FromString(EventJson.ForWebhook(e).ToJsonString(ContractJson.Options)))
    {
        MessageId = e.EventId,
        SessionId = e.ThreadId ?? "source:" + e.SourceId,
        Subject = e.Type,
        ContentType = "application/json",
        ApplicationProperties = { ["source_id"] = e.SourceId, ["sequence"] = e.Sequence },
    };
}
