namespace Engage.Application.Contract;

/// <summary>
/// The one list of our own operations under <c>/1.0</c>: the ones <c>openapi.yaml</c> does not describe (README,
/// "Extensions to the contract"). <see cref="OpenApiDocumentService"/> adds them to the served document, and the
/// conformance test checks both ways that every one is served and none is in the contract's file, so no route can be
/// invented under <c>/1.0</c> without being named here.
/// </summary>
public static class ContractExtensions
{
    /// <summary>Our operations, each with a one-line summary for the served document.</summary>
    public static IReadOnlyList<(ApiOperation Operation, string Summary)> All { get; } =
    [
        (new("POST", "/content_sources"), "Creates a source (sdk or messaging); the answer shows its secret once."),
        (new("GET", "/access_tokens"), "Lists API access tokens, without their secrets."),
        (new("POST", "/access_tokens"), "Issues an API access token for a user; the token is shown once."),
        (new("DELETE", "/access_tokens/{accessTokenId}"), "Revokes an API access token."),
        (new("GET", "/webhooks/{webhookId}/deliveries"), "A webhook's delivery log: attempts, newest first."),
        (new("POST", "/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"), "Sends a delivery's event again, as a new delivery."),
        (new("POST", "/webhooks/{webhookId}/replay"), "Sends again the events issued after since_event_id that the webhook wants now, oldest first."),
        (new("PATCH", "/roles/{roleId}"), "Same as PUT /roles/{roleId}: client libraries send PATCH."),
        (new("DELETE", "/roles/{roleId}"), "Roles are not deleted: 404 for an unknown role, else 422 role_not_deletable (clients' own tests call it)."),
        (new("PUT", "/roles"), "Without a role id: 422 missing_parameter (clients' own tests call it)."),
        (new("PATCH", "/roles"), "Without a role id: 422 missing_parameter (clients' own tests call it)."),
        (new("DELETE", "/roles"), "Without a role id: 422 missing_parameter (clients' own tests call it)."),
        (new("PUT", "/identity_groups/{identityGroupId}/unmerge"), "Takes associated_identity_id out of the group into a new group of its own; emits identity.unmerged."),
        (new("PUT", "/content_threads/{threadId}"), "Writes the thread's custom field values (custom_field_values[key]; custom fields of Thread, ours); emits content.thread_custom_fields_updated."),
        (new("GET", "/openapi.json"), "This document: the contract's operations that this server implements, plus its extensions."),
    ];
}
