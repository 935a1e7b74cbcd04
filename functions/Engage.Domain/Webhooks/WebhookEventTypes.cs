namespace Engage.Domain.Webhooks;

/// <summary>
/// The event types a webhook may register for: those the platform records (PROTOCOL.md, "Webhooks", and issue 5
/// item 3). The contract's enum also lists types of features we do not have (tasks, push agents, surveys); they are
/// refused rather than accepted and never delivered.
/// </summary>
public static class WebhookEventTypes
{
    /// <summary>
    /// Every known type, in the order PROTOCOL.md lists them, with the thread events we also record (recategorized,
    /// handed over, and ours, custom fields updated).
    /// </summary>
    public static readonly IReadOnlyList<string> All =
    [
        "content.imported", "content.replied", "content.discussion_initiated", "content.exported",
        "content.thread_closed", "content.thread_opened", "content.thread_recategorized", "content.thread_handed_over",
        "content.thread_custom_fields_updated",
        "intervention.opened", "intervention.assigned", "intervention.closed", "intervention.canceled",
        "intervention.reopened", "intervention.deferred", "intervention.reactivated", "intervention.user_updated",
        "intervention.recategorized", "intervention.custom_fields_updated",
        "identity.merged", "identity.unmerged",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>True when <paramref name="type"/> is a known type (exact, case-sensitive).</summary>
    public static bool IsKnown(string type) => Known.Contains(type);
}
