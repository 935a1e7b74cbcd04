using Engage.Application.Security;
using Engage.Application.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Configuration;

/// <summary>
/// Fails start-up with a clear message when the storage connection, the secret key or the endpoint settings are incomplete or invalid, instead of
/// failing on the first request, and says whether the Service Bus event stream is on. Reads settings only; no I/O (Flex allows 30 s to start).
/// </summary>
public sealed class ConfigurationCheck(IServiceProvider services, Microsoft.Extensions.Configuration.IConfiguration configuration, Microsoft.Extensions.Logging.ILogger<ConfigurationCheck> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<StorageConnection>();
        _ = services.GetRequiredService<SecretProtector>();
        _ = services.GetRequiredService<EndpointGuard>();
        if (EventStream.EventStreamSettings.IsConfigured(configuration))
        {
            _ = services.GetRequiredService<EventStream.IEventStreamSender>();
            logger.LogInformation("Event stream on: every event is also published to the Service Bus topic '{Topic}'.", EventStream.EventStreamSettings.Topic);
        }
        else
        {
            logger.LogInformation("Event stream off: no ServiceBusConnection is configured, so events go to webhooks and the event log only.");
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
