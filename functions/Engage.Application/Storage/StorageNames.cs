namespace Engage.Application.Storage;

/// <summary>
/// Every table and queue the app uses. Bicep creates the same names (infra/); the app never creates them in
/// Azure (the bootstrap creates them on Azurite). Layout and keys: docs/table-design.md.
/// </summary>
public static class StorageNames
{
    /// <summary>Sources, one partition each.</summary>
    public const string SourcesTable = "Sources";
    /// <summary>Identities by bucket of (source, foreign id).</summary>
    public const string IdentitiesTable = "Identities";
    /// <summary>Per-source list of identity ids, with a counter.</summary>
    public const string IdentityIndexTable = "IdentityIndex";
    /// <summary>Threads, their contents, pointers, dedupe and outbox rows, by bucket of (source, foreign thread id).</summary>
    public const string ThreadsTable = "Threads";
    /// <summary>Per-source list of threads by last content, newest first, with a counter.</summary>
    public const string ThreadIndexTable = "ThreadIndex";
    /// <summary>Users, one partition each.</summary>
    public const string UsersTable = "Users";
    /// <summary>Roles, one partition each.</summary>
    public const string RolesTable = "Roles";
    /// <summary>API access tokens by SHA-256 of the token.</summary>
    public const string AccessTokensTable = "AccessTokens";
    /// <summary>Categories, one partition each.</summary>
    public const string CategoriesTable = "Categories";
    /// <summary>Tags, one partition each.</summary>
    public const string TagsTable = "Tags";
    /// <summary>Custom field definitions, one partition each.</summary>
    public const string CustomFieldsTable = "CustomFields";
    /// <summary>Identity groups (customer profiles), one partition each.</summary>
    public const string IdentityGroupsTable = "IdentityGroups";
    /// <summary>Per-source list of interventions, newest first, with the fields the list filters on.</summary>
    public const string InterventionIndexTable = "InterventionIndex";
    /// <summary>Agents' availability per channel, one partition each.</summary>
    public const string AgentPresenceTable = "AgentPresence";
    /// <summary>The event log, per source, newest first.</summary>
    public const string EventsTable = "Events";
    /// <summary>Webhooks and their URL claims, by bucket of their access token.</summary>
    public const string WebhooksTable = "Webhooks";
    /// <summary>Per webhook: its deliveries, their attempts and its health.</summary>
    public const string WebhookDeliveriesTable = "WebhookDeliveries";

    /// <summary>Per access token (SHA-256 hex): the request count of the current one-minute window.</summary>
    public const string RateLimitsTable = "RateLimits";
    /// <summary>Idempotency keys of POST requests, by SHA-256 of (token hash, key), with the stored answer.</summary>
    public const string IdempotencyKeysTable = "IdempotencyKeys";

    /// <summary>Web chat visitors' sessions (issue 8), per messaging source, by visitor id.</summary>
    public const string MessagingSessionsTable = "MessagingSessions";

    /// <summary>Queue of outbox notifications, read by the DispatchOutbox function.</summary>
    public const string OutboxQueue = "outbox";

    /// <summary>Queue of replies to post to their source, read by the PostOutbound function.</summary>
    public const string OutboundQueue = "outbound";

    /// <summary>Queue of accepted closes to complete, read by the CompleteDisposition function.</summary>
    public const string DispositionsQueue = "dispositions";

    /// <summary>All tables.</summary>
    public static readonly IReadOnlyList<string> Tables =
        [SourcesTable, IdentitiesTable, IdentityIndexTable, ThreadsTable, ThreadIndexTable, UsersTable, RolesTable, AccessTokensTable, CategoriesTable, InterventionIndexTable, AgentPresenceTable, EventsTable, WebhooksTable, WebhookDeliveriesTable, RateLimitsTable, IdempotencyKeysTable, MessagingSessionsTable, TagsTable, CustomFieldsTable, IdentityGroupsTable];

    /// <summary>Queue of webhook deliveries to attempt, read by the DeliverWebhook function (delayed messages carry retries).</summary>
    public const string WebhookDeliveriesQueue = "webhook-deliveries";

    /// <summary>All queues, with the poison queues the trigger writes to.</summary>
    public static readonly IReadOnlyList<string> Queues =
        [OutboxQueue, OutboxQueue + "-poison", OutboundQueue, OutboundQueue + "-poison", DispositionsQueue, DispositionsQueue + "-poison", WebhookDeliveriesQueue, WebhookDeliveriesQueue + "-poison"];
}
