namespace Engage.Application.Storage.Entities;

/// <summary>
/// A web chat visitor on a messaging source (issue 8). Table <c>MessagingSessions</c>, PartitionKey = source id,
/// RowKey = visitor id. The visitor's thread is not stored here: it is found from the visitor id and
/// <see cref="Generation"/> (<see cref="Domain.Messaging.MessagingRules.ForeignThreadId"/>).
/// </summary>
public sealed class MessagingSessionEntity : EntityBase
{
    /// <summary>The visitor's identity id on the source.</summary>
    public string IdentityId { get; set; } = string.Empty;
    /// <summary>Which conversation is current: 1, then one more per live chat session that ended.</summary>
    public int Generation { get; set; } = 1;
    /// <summary>Whether the visitor ended the current live chat session.</summary>
    public bool Ended { get; set; }
    /// <summary>The last sequence of the current thread the visitor has read.</summary>
    public long ReadSequence { get; set; }
    /// <summary>Until when the visitor shows as typing, or null.</summary>
    public DateTimeOffset? TypingUntil { get; set; }
    /// <summary>Last session start or message (UTC): live chat ends after 24 hours without one.</summary>
    public DateTimeOffset LastActivityAt { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
