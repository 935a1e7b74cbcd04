using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Resolves a trigger's <c>Connection</c> like the host: the setting itself, else <c>AzureWebJobs&lt;name&gt;</c>,
/// else <c>ConnectionStrings:&lt;name&gt;</c>, holding a connection string. Clients never encode or decode message
/// text: the listener does that per host.json <c>messageEncoding</c>, and poison copies keep the raw body.
/// </summary>
internal sealed class QueueConnections(IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, QueueServiceClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The service client for the named connection.</summary>
    /// <exception cref="InvalidOperationException">The setting is missing (the message says what to set).</exception>
    public QueueServiceClient Get(string connection, string functionName)
    {
        var value = configuration[connection] ?? configuration[$"AzureWebJobs{connection}"] ?? configuration.GetConnectionString(connection);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Function '{functionName}': the connection setting '{connection}' is not set. Set it to a storage connection string " +
                "(local.settings.json Values or an environment variable), or start the runner with --azurite. " +
                "The local runner does not support identity-based connections.");
        }
        return _clients.GetOrAdd(value, v => new QueueServiceClient(v, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }));
    }
}
