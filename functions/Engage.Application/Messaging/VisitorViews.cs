namespace Engage.Application.Messaging;

/// <summary>A started or resumed visitor session (<c>POST /messaging/{source_id}/sessions</c>).</summary>
/// <param name="VisitorId">The visitor's id (its identity's foreign id).</param>
/// <param name="VisitorToken">The token to send as <c>X-Visitor-Token</c> from now on; a resume always issues a new one.</param>
/// <param name="ExpiresAt">When the token expires.</param>
/// <param name="Mode"><c>live_chat</c> or <c>messaging</c>.</param>
/// <param name="WelcomeMessage">The source's welcome message, or null.</param>
/// <param name="ThreadId">The current conversation's thread, or null before its first message.</param>
/// <param name="ReadSequence">The last sequence the visitor marked read.</param>
public sealed record VisitorSessionView(string VisitorId, string VisitorToken, DateTimeOffset ExpiresAt, string Mode, string? WelcomeMessage, string? ThreadId, long ReadSequence);

/// <summary>One message as the visitor sees it. <see cref="Body"/> is plain text (HTML replies are reduced to text).</summary>
/// <param name="Id">The content id.</param>
/// <param name="Sequence">Its sequence in the thread: fetch with <c>after</c> set to the last one shown.</param>
/// <param name="From"><c>visitor</c> or <c>agent</c> (agents and bots alike).</param>
/// <param name="Body">The text.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="ClientMessageId">For the visitor's own messages, the <c>client_message_id</c> it was sent with, so a page can match the message it is still sending.</param>
public sealed record VisitorMessageView(string Id, long Sequence, string From, string Body, DateTimeOffset CreatedAt, string? ClientMessageId);

/// <summary>The messages after a sequence (<c>GET /messaging/{source_id}/messages</c>).</summary>
/// <param name="ThreadId">The current thread, or null before the first message. When it changes, sequences restart.</param>
/// <param name="Messages">Oldest first, each once, with no gap: a reply still being delivered holds back what follows it.</param>
/// <param name="LastSequence">The sequence to pass as <c>after</c> next time.</param>
/// <param name="ReadSequence">The last sequence the visitor marked read.</param>
public sealed record VisitorMessagesView(string? ThreadId, IReadOnlyList<VisitorMessageView> Messages, long LastSequence, long ReadSequence);
