using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Engage.Application.Storage;

/// <summary>
/// How the app reaches storage, from the <c>Storage</c> setting: either a connection string (<c>Storage</c>
/// itself; Azurite locally) or identity-based settings (<c>Storage__tableServiceUri</c>,
/// <c>Storage__queueServiceUri</c>, <c>Storage__credential=managedidentity</c>, <c>Storage__clientId</c>),
/// the same convention as the Functions host uses for trigger connections.
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? TableServiceUri, Uri? QueueServiceUri, TokenCredential? Credential)
{
    /// <summary>The setting (section) name.</summary>
    public const string SettingName = "Storage";

    /// <summary>Reads the setting.</summary>
    /// <exception cref="InvalidOperationException">Neither a connection string nor both service URIs are set; the message says what to set.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration, AzureComponentFactory credentials)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new StorageConnection(section.Value, null, null, null);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (string.IsNullOrWhiteSpace(tableUri) || string.IsNullOrWhiteSpace(queueUri))
        {
            throw new InvalidOperationException(
                "Storage is not configured: set 'Storage' to a connection string (local, Azurite), or set " +
                "'Storage__tableServiceUri' and 'Storage__queueServiceUri' with 'Storage__credential=managedidentity' " +
                "and 'Storage__clientId' (Azure).");
        }
        return new StorageConnection(null, new Uri(tableUri), new Uri(queueUri), credentials.CreateTokenCredential(section));
    }
}
