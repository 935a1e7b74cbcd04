using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Engage.Application.Identities;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Channel;
using Engage.Domain.Messaging;

namespace Engage.Application.Messaging;

/// <summary>A messaging source resolved for a visitor call: the entity, its settings and its token key.</summary>
public sealed record VisitorSource(SourceEntity Source, MessagingSettings Settings, byte[] TokenKey);

/// <summary>
/// The public visitor API of a messaging source (issue 8): sessions, messages, read marks, typing and ending a live
/// chat. A visitor is an identity on the source; a visitor message is appended through <see cref="ThreadStore"/>
/// exactly like a Send API import, so events, webhooks, interventions and bots see it unchanged. Agent and bot
/// replies are stored in the same thread; <see cref="Replies.OutboundPoster"/> marks them delivered, and only then
/// does the visitor see them.
/// </summary>
public sealed partial class VisitorService(SourceStore sources, IdentityStore identities, ThreadStore threads, EngageStorage storage, VisitorRateLimiter limiter, Ingest.TypingLimiter typing, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);
    private TableClient Sessions => storage.Table(StorageNames.MessagingSessionsTable);
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>The messaging source <paramref name="sourceId"/>.</summary>
    /// <exception cref="EngageException">404 when there is no messaging source with that id; 422 <c>source_inactive</c>.</exception>
    public async Task<VisitorSource> SourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        var source = await sources.FindAsync(sourceId, cancellationToken);
        if (source is null || SourceStore.MessagingOf(source) is not { } settings) throw EngageException.NotFound("Messaging source");
        if (!source.Active) throw EngageException.Unprocessable("source_inactive", "The source is not active.");
        return new VisitorSource(source, settings, VisitorToken.DeriveKey(sources.SecretOf(source)));
    }

    /// <summary>The visitor a token names.</summary>
    /// <exception cref="EngageException">401 for a missing, forged, expired or other source's token (<see cref="VisitorToken.Validate"/>).</exception>
    public VisitorClaims Authenticate(VisitorSource source, string? token) =>
        VisitorToken.Validate(source.TokenKey, token, source.Source.Id, time.GetUtcNow());

    /// <summary>
    /// Starts a session, or resumes the one <paramref name="token"/> names (a new token every time). A live chat idle for
    /// 24 hours or ended by the visitor resumes on a new conversation.
    /// </summary>
    /// <exception cref="EngageException">401 for a bad token (a resume never silently becomes a new visitor); 422 for a bad name.</exception>
    public async Task<VisitorSessionView> StartAsync(VisitorSource source, string? token, string? name, CancellationToken cancellationToken)
    {
        if (name is { Length: > 100 }) throw EngageException.Unprocessable("invalid_parameter", "name is longer than 100 characters.");
        var now = time.GetUtcNow();
        var visitorId = token is null ? RandomNumberGenerator.GetHexString(24, lowercase: true) : Authenticate(source, token).VisitorId;
        var session = await SessionAsync(source, visitorId, name, cancellationToken);
        session = await UpdateSessionAsync(session, s =>
        {
            if (MessagingRules.NeedsNewThread(source.Settings.Mode, s.Ended, s.LastActivityAt, now)) NextConversation(s);
            s.LastActivityAt = now;
        }, cancellationToken);
        var located = await threads.LocateAsync(source.Source.Id, ForeignThreadId(session), cancellationToken);
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + VisitorToken.Lifetime).ToUnixTimeSeconds());
        return new VisitorSessionView(visitorId, VisitorToken.Issue(source.TokenKey, source.Source.Id, visitorId, expiresAt), expiresAt,
            source.Settings.Mode, source.Settings.WelcomeMessage, located.Head?.Id, session.ReadSequence);
    }

    /// <summary>
    /// Appends a visitor message. <paramref name="clientMessageId"/> makes a retry after a lost answer a no-op that
    /// answers the same message.
    /// </summary>
    /// <exception cref="EngageException">422 for a missing or too long body or a bad <c>client_message_id</c>; 429 over the visitor's message rate.</exception>
    public async Task<VisitorMessageView> PostAsync(VisitorSource source, VisitorClaims visitor, string? body, string? clientMessageId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body)) throw EngageException.Unprocessable("missing_parameter", "body is required.");
        if (body.Length > MessagingRules.MaxMessageLength) throw EngageException.Unprocessable("invalid_parameter", $"body is longer than {MessagingRules.MaxMessageLength} characters.");
        if (clientMessageId is not null && !ClientIdPattern().IsMatch(clientMessageId))
        {
            throw EngageException.Unprocessable("invalid_parameter", "client_message_id must be 1 to 64 letters, digits, '-' or '_'.");
        }
        // Counted before any write, so a refused message leaves nothing behind.
        limiter.CountMessage(source.Source.Id, visitor.VisitorId);
        var now = time.GetUtcNow();
        var session = await SessionAsync(source, visitor.VisitorId, null, cancellationToken);
        if (MessagingRules.NeedsNewThread(source.Settings.Mode, session.Ended, session.LastActivityAt, now))
        {
            session = await UpdateSessionAsync(session, NextConversation, cancellationToken);
        }
        var foreignId = visitor.VisitorId + ":" + (clientMessageId ?? RandomNumberGenerator.GetHexString(24, lowercase: true));
        var appended = await threads.AppendAsync(new NewContent(
            SourceId: source.Source.Id,
            SourceType: source.Source.Type,
            ForeignThreadId: ForeignThreadId(session),
            ThreadTitle: SendApiParser.TruncateCodePoints(body, Ingest.SendApiService.TitleLength),
            ForeignId: foreignId,
            AuthorId: session.IdentityId,
            Body: body,
            BodyInputFormat: "text",
            InReplyToForeignId: null,
            PrivateMessage: false,
            ForeignCategories: [],
            ContextDataJson: null,
            Language: null,
            AttachmentsCount: 0,
            CreatedAt: now), cancellationToken);
        // Activity is noted after the message: it is a hint for the idle rule, so the message never waits on it.
        await UpdateSessionAsync(session, s => s.LastActivityAt = now, cancellationToken);
        var content = await FindContentAsync(appended.ThreadId, appended.ContentId, cancellationToken)
            ?? throw new InvalidOperationException($"Content {appended.ContentId} is not there after its append.");
        return View(content, session.IdentityId);
    }

    /// <summary>
    /// The current conversation's messages after <paramref name="after"/>; when there are none yet, waits up to
    /// <paramref name="wait"/> (at most <see cref="MessagingRules.MaxWait"/>) for one.
    /// </summary>
    public async Task<VisitorMessagesView> FetchAsync(VisitorSource source, VisitorClaims visitor, long after, TimeSpan wait, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(source, visitor.VisitorId, null, cancellationToken);
        var deadline = time.GetUtcNow() + (wait > MessagingRules.MaxWait ? MessagingRules.MaxWait : wait);
        while (true)
        {
            var located = await threads.LocateAsync(source.Source.Id, ForeignThreadId(session), cancellationToken);
            if (located.Head is { } head && head.LastSequence > after)
            {
                var messages = await VisibleAfterAsync(located.Partition, head.Id, after, session.IdentityId, cancellationToken);
                if (messages.Count > 0 || time.GetUtcNow() >= deadline)
                {
                    return new VisitorMessagesView(head.Id, messages, messages.Count > 0 ? messages[^1].Sequence : after, session.ReadSequence);
                }
            }
            else if (time.GetUtcNow() >= deadline)
            {
                return new VisitorMessagesView(located.Head?.Id, [], after, session.ReadSequence);
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Marks the current conversation read up to <paramref name="sequence"/> (never backwards).</summary>
    public async Task<long> MarkReadAsync(VisitorSource source, VisitorClaims visitor, long sequence, CancellationToken cancellationToken)
    {
        if (sequence < 0) throw EngageException.Unprocessable("invalid_parameter", "sequence must be 0 or more.");
        var session = await SessionAsync(source, visitor.VisitorId, null, cancellationToken);
        session = await UpdateSessionAsync(session, s => s.ReadSequence = Math.Max(s.ReadSequence, sequence), cancellationToken);
        return session.ReadSequence;
    }

    /// <summary>Ends the visitor's live chat session: the next message starts a new conversation. Nothing to end in messaging mode.</summary>
    public async Task EndAsync(VisitorSource source, VisitorClaims visitor, CancellationToken cancellationToken)
    {
        if (source.Settings.Mode != MessagingSettings.LiveChat) return;
        var session = await SessionAsync(source, visitor.VisitorId, null, cancellationToken);
        await UpdateSessionAsync(session, s => s.Ended = true, cancellationToken);
    }

    /// <summary>
    /// The visitor starts (<paramref name="start"/>) or stops typing: a start shows for <see cref="MessagingRules.TypingLifetime"/>
    /// unless renewed, a stop clears it. At most one start per visitor is stored every 2 seconds (<see cref="Ingest.TypingLimiter"/>,
    /// per instance); a faster one answers the same without a write.
    /// </summary>
    public async Task TypingAsync(VisitorSource source, VisitorClaims visitor, bool start, CancellationToken cancellationToken)
    {
        var key = "messaging-visitor|" + visitor.VisitorId;
        if (start && !typing.TryStart(source.Source.Id, key)) return;
        var session = await SessionAsync(source, visitor.VisitorId, null, cancellationToken);
        if (start)
        {
            await UpdateSessionAsync(session, s => s.TypingUntil = time.GetUtcNow() + MessagingRules.TypingLifetime, cancellationToken);
            return;
        }
        // A stop lets the next start be stored at once.
        typing.Forget(source.Source.Id, key);
        if (session.TypingUntil is not null) await UpdateSessionAsync(session, s => s.TypingUntil = null, cancellationToken);
    }

    /// <summary>
    /// Whether the visitor of thread (<paramref name="sourceId"/>, <paramref name="foreignThreadId"/>) is typing now; null when
    /// the thread is no visitor's current conversation (not a web chat thread, or an older live chat session).
    /// </summary>
    public async Task<bool?> IsTypingAsync(string sourceId, string foreignThreadId, CancellationToken cancellationToken)
    {
        if (!foreignThreadId.StartsWith("visitor:", StringComparison.Ordinal)) return null;
        var visitorId = foreignThreadId["visitor:".Length..].Split(':')[0];
        if (visitorId.Length == 0) return null;
        var session = await Sessions.FindAsync<MessagingSessionEntity>(sourceId, visitorId, cancellationToken);
        if (session is null || ForeignThreadId(session) != foreignThreadId) return null;
        return session.TypingUntil is { } until && until > time.GetUtcNow();
    }

    // Contents after `after`, oldest first, up to the first reply still being delivered (so `after` never skips it).
    private async Task<List<VisitorMessageView>> VisibleAfterAsync(string partition, string threadId, long after, string visitorIdentityId, CancellationToken cancellationToken)
    {
        var rows = await Threads.RangeAsync<ContentEntity>(partition, ThreadKeys.AscendingPrefix(threadId), int.MaxValue, cancellationToken);
        var result = new List<VisitorMessageView>();
        foreach (var row in rows.Where(r => r.Sequence > after).OrderBy(r => r.Sequence))
        {
            if (row.SynchronizationStatus == "failed") continue;
            if (row.SynchronizationStatus is not (null or "success")) break;
            result.Add(View(row, visitorIdentityId));
        }
        return result;
    }

    private async Task<ContentEntity?> FindContentAsync(string threadId, string contentId, CancellationToken cancellationToken)
    {
        var partition = Domain.Ids.EngageId.BucketOfId(contentId);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ContentPointer(contentId), cancellationToken);
        return pointer is null ? null : await Threads.FindAsync<ContentEntity>(partition, pointer.TargetRowKey, cancellationToken);
    }

    private static VisitorMessageView View(ContentEntity c, string visitorIdentityId)
    {
        var mine = c.AuthorId == visitorIdentityId;
        // A visitor message's foreign id is "{visitor id}:{client message id}" (PostAsync).
        var clientId = mine && c.ForeignId?.IndexOf(':') is int colon and >= 0 ? c.ForeignId[(colon + 1)..] : null;
        return new(c.Id, c.Sequence, mine ? "visitor" : "agent", c.BodyInputFormat == "html" ? TextOf(c.Body) : c.Body, c.CreatedAt, clientId);
    }

    /// <summary>An HTML body as plain text: tags dropped, line breaks kept, entities decoded. The widget renders it as text.</summary>
    public static string TextOf(string html)
    {
        var text = BreakPattern().Replace(html, "\n");
        text = TagPattern().Replace(text, string.Empty);
        return WebUtility.HtmlDecode(text).Trim();
    }

    private static string ForeignThreadId(MessagingSessionEntity session) => MessagingRules.ForeignThreadId(session.RowKey, session.Generation);

    private static void NextConversation(MessagingSessionEntity s)
    {
        s.Generation++;
        s.Ended = false;
        s.ReadSequence = 0;
        s.TypingUntil = null;
    }

    // The visitor's session row, created with its identity when missing (a first start, or a row lost after a start).
    private async Task<MessagingSessionEntity> SessionAsync(VisitorSource source, string visitorId, string? name, CancellationToken cancellationToken)
    {
        var sourceId = source.Source.Id;
        var existing = await Sessions.FindAsync<MessagingSessionEntity>(sourceId, visitorId, cancellationToken);
        if (existing is not null && name is null) return existing;
        var now = time.GetUtcNow();
        var screenname = name is { Length: > 0 } ? name : "Visitor " + visitorId[..6];
        var identityId = await identities.EnsureAsync(sourceId, new SdkUser(visitorId, screenname, null, null, null, null, null, null, now, now), now, cancellationToken);
        if (existing is not null) return existing;
        var created = new MessagingSessionEntity { PartitionKey = sourceId, RowKey = visitorId, IdentityId = identityId, LastActivityAt = now, CreatedAt = now };
        try
        {
            await Sessions.AddEntityAsync(created, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Two first calls of one visitor raced: the other row is as good.
        }
        return await Sessions.FindAsync<MessagingSessionEntity>(sourceId, visitorId, cancellationToken) ?? created;
    }

    // Read-modify-write under the row's ETag, so concurrent calls of one visitor (two tabs) never undo each other.
    private async Task<MessagingSessionEntity> UpdateSessionAsync(MessagingSessionEntity session, Action<MessagingSessionEntity> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            change(session);
            try
            {
                var response = await Sessions.UpdateEntityAsync(session, session.ETag, TableUpdateMode.Replace, cancellationToken);
                session.ETag = response.Headers.ETag ?? session.ETag;
                return session;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                session = await Sessions.FindAsync<MessagingSessionEntity>(session.PartitionKey, session.RowKey, cancellationToken) ?? session;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex(@"<br\s*/?>|</p\s*>|</div\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakPattern();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
