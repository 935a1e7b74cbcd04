using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Engage.Application.EventStream;

/// <summary>
/// The Service Bus event stream's connection, from the <c>ServiceBusConnection</c> setting: a connection string
/// (<c>ServiceBusConnection</c>), or identity-based settings (<c>ServiceBusConnection__fullyQualifiedNamespace</c>,
/// <c>__credential=managedidentity</c>, <c>__clientId</c>, as Bicep sets them). Neither set: the stream is off.
/// Events go to the topic <see cref="Topic"/> (infra/modules/servicebus.bicep creates it).
/// </summary>
public static class EventStreamSettings
{
    /// <summary>The setting (section) name.</summary>
    public const string SettingName = "ServiceBusConnection";

    /// <summary>The topic events are published to.</summary>
    public const string Topic = "events";

    /// <summary>True when a connection string or a namespace is set.</summary>
    public static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(SettingName);
        return !string.IsNullOrWhiteSpace(section.Value) || !string.IsNullOrWhiteSpace(section["fullyQualifiedNamespace"]);
    }

    /// <summary>A client for the configured namespace, or null when none is configured.</summary>
    public static ServiceBusClient? CreateClient(IConfiguration configuration, AzureComponentFactory credentials)
    {
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value)) return new ServiceBusClient(section.Value);
        var fullyQualifiedNamespace = section["fullyQualifiedNamespace"];
        return string.IsNullOrWhiteSpace(fullyQualifiedNamespace) ? null : new ServiceBusClient(fullyQualifiedNamespace, credentials.CreateTokenCredential(section));
    }
}
