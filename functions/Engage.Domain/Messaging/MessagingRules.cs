namespace Engage.Domain.Messaging;

/// <summary>The visitor API's limits and the session rules of the two modes (issue 8, items 2 and 4).</summary>
public static class MessagingRules
{
    /// <summary>Largest request body a visitor may send.</summary>
    public const int MaxBodyBytes = 16 * 1024;
    /// <summary>Longest message, in characters.</summary>
    public const int MaxMessageLength = 5000;
    /// <summary>Longest a fetch waits for a new message (well under the Functions host's 230 s).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);
    /// <summary>A live chat session with nothing new for this long is over: the next message starts a new thread.</summary>
    public static readonly TimeSpan LiveChatIdleLimit = TimeSpan.FromHours(24);
    /// <summary>How long a typing start lasts when no stop follows.</summary>
    public static readonly TimeSpan TypingLifetime = TimeSpan.FromSeconds(6);
    /// <summary>Messages one visitor may post per window.</summary>
    public const int MessagesPerVisitor = 20;
    /// <summary>Requests one IP address may make per window.</summary>
    public const int RequestsPerIp = 600;
    /// <summary>The length of a rate-limit window.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether the visitor's next message belongs to a new thread: in live chat mode when the session was ended or
    /// has been idle for <see cref="LiveChatIdleLimit"/>; never in messaging mode (one thread per visitor).
    /// </summary>
    public static bool NeedsNewThread(string mode, bool ended, DateTimeOffset lastActivityAt, DateTimeOffset now) =>
        mode == MessagingSettings.LiveChat && (ended || now - lastActivityAt >= LiveChatIdleLimit);

    /// <summary>The foreign thread id of a visitor's <paramref name="generation"/>th conversation (messaging mode keeps the first).</summary>
    public static string ForeignThreadId(string visitorId, int generation) =>
        generation <= 1 ? "visitor:" + visitorId : $"visitor:{visitorId}:{generation}";

    /// <summary>How long a fetch should wait: the asked seconds clamped to 0..<see cref="MaxWait"/>.</summary>
    public static TimeSpan Wait(long? seconds) =>
        seconds is not { } s || s <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(s, (long)MaxWait.TotalSeconds));
}
