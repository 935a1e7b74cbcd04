using Engage.Application.Security;
using Engage.Application.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engage.Application.Configuration;

/// <summary>
/// Fails start-up with a clear message when the storage connection, the secret key or the endpoint settings are incomplete or invalid, instead of
/// failing on the first request. Reads settings only; no I/O (Flex allows 30 s to start).
/// </summary>
public sealed class ConfigurationCheck(IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<StorageConnection>();
        _ = services.GetRequiredService<SecretProtector>();
        _ = services.GetRequiredService<EndpointGuard>();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
