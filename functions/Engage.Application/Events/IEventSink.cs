using Engage.Application.Storage.Entities;

namespace Engage.Application.Events;

/// <summary>
/// Something that receives every recorded event after it is in the log: webhook fan-out, the Service Bus stream.
/// Called at least once per event (again when the outbox dispatch is retried), so it must be idempotent by event id.
/// </summary>
public interface IEventSink
{
    /// <summary>Takes <paramref name="events"/>; a throw makes the dispatch retry (then poison), so nothing is lost.</summary>
    Task PublishAsync(IReadOnlyList<EventEntity> events, CancellationToken cancellationToken);
}
