using Azure.Messaging.ServiceBus;

namespace Engage.Application.EventStream;

/// <summary>Sends a batch of messages to the event stream's topic (the seam between our publisher and the Service Bus SDK).</summary>
public interface IEventStreamSender
{
    /// <summary>Sends the messages; throws when the broker refused them.</summary>
    Task SendAsync(IReadOnlyList<ServiceBusMessage> messages, CancellationToken cancellationToken);
}

/// <summary><see cref="IEventStreamSender"/> over a <see cref="ServiceBusSender"/> on <see cref="EventStreamSettings.Topic"/>.</summary>
public sealed class ServiceBusEventStreamSender(ServiceBusClient client) : IEventStreamSender, IAsyncDisposable
{
    private readonly ServiceBusSender _sender = client.CreateSender(EventStreamSettings.Topic);

    /// <inheritdoc />
    public Task SendAsync(IReadOnlyList<ServiceBusMessage> messages, CancellationToken cancellationToken) =>
        _sender.SendMessagesAsync(messages, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _sender.DisposeAsync();
        await client.DisposeAsync();
    }
}
