namespace Engage.Application.Configuration;

/// <summary>
/// Every app setting the code reads, as the Functions host sees it (environment variable form, <c>__</c> for
/// nesting). Bicep sets the same names (infra/), <c>local.settings.sample.json</c> lists them, and a parity
/// test keeps the three in step.
/// </summary>
public static class SettingNames
{
    /// <summary>The app's storage: a connection string (Azurite) or the identity-based settings below.</summary>
    public const string Storage = "Storage";
    /// <summary>Table endpoint for identity-based access.</summary>
    public const string StorageTableServiceUri = "Storage__tableServiceUri";
    /// <summary>Queue endpoint for identity-based access (also used by the queue trigger).</summary>
    public const string StorageQueueServiceUri = "Storage__queueServiceUri";
    /// <summary><c>managedidentity</c> in Azure.</summary>
    public const string StorageCredential = "Storage__credential";
    /// <summary>Client id of the user-assigned managed identity.</summary>
    public const string StorageClientId = "Storage__clientId";
    /// <summary>Base64 of 32 bytes that encrypts source secrets (a Key Vault reference in Azure).</summary>
    public const string SecretKey = "Engage__SecretKey";
    /// <summary>Adds <c>X-Engage-Operations</c> to HTTP answers (local runs and tests only).</summary>
    public const string ExposeOperationCounts = "Engage__ExposeOperationCounts";
    /// <summary>
    /// <c>true</c> lets webhook and channel SDK endpoint URLs reach loopback addresses (local runs and tests; the local
    /// runner turns it on). Default false.
    /// </summary>
    public const string AllowLoopbackEndpoints = "Engage__AllowLoopbackEndpoints";
    /// <summary>
    /// <c>true</c> lets webhook and channel SDK endpoint URLs reach private addresses (RFC 1918, 100.64/10, fc00::/7),
    /// for an app inside a virtual network calling internal bridges. Default false.
    /// </summary>
    public const string AllowPrivateEndpoints = "Engage__AllowPrivateEndpoints";
    /// <summary>Email of the admin the bootstrap creates.</summary>
    public const string BootstrapAdminEmail = "Engage__Bootstrap__AdminEmail";
    /// <summary>How far back delivery outcomes count towards a webhook's auto-disable (TimeSpan, default 00:15:00).</summary>
    public const string WebhookFailureWindow = "Engage__Webhooks__FailureWindow";
    /// <summary>Outcomes needed in that window before a webhook can be auto-disabled (default 8).</summary>
    public const string WebhookFailureMinimum = "Engage__Webhooks__FailureMinimum";
    /// <summary>How long a worker's delivery attempt may run before another worker takes it over (TimeSpan, default 00:00:30).</summary>
    public const string WebhookLease = "Engage__Webhooks__Lease";
    /// <summary>Requests per access token per minute before 429 <c>rate_limit_exceeded</c> (default 500, the contract's).</summary>
    public const string RateLimitPerMinute = "Engage__RateLimit__PerMinute";
    /// <summary>Service Bus connection string for the event stream (local); unset: the stream is off.</summary>
    public const string ServiceBusConnection = "ServiceBusConnection";
    /// <summary>Service Bus namespace host for identity-based access (Azure).</summary>
    public const string ServiceBusNamespace = "ServiceBusConnection__fullyQualifiedNamespace";
    /// <summary><c>managedidentity</c> in Azure.</summary>
    public const string ServiceBusCredential = "ServiceBusConnection__credential";
    /// <summary>Client id of the user-assigned managed identity.</summary>
    public const string ServiceBusClientId = "ServiceBusConnection__clientId";
}
