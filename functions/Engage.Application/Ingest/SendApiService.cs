using Engage.Application.Identities;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Channel;

namespace Engage.Application.Ingest;

/// <summary>
/// The channel SDK Send API, <c>POST /realtime/sdk/{source_id}</c> (PROTOCOL.md, "Send API"): checks the
/// signature over the raw body, then applies the action. Success is HTTP 200 with body <c>ok</c>.
/// Errors (as <see cref="EngageException"/>): 422 <c>source_not_found</c>, <c>invalid_signature</c>,
/// <c>invalid_action</c>, <c>missing_parameter</c>/<c>invalid_parameter</c>; 400 for a body that is not JSON;
/// 429 for typing.start more often than every 2 seconds per thread.
/// </summary>
public sealed class SendApiService(SourceStore sources, IdentityStore identities, ThreadStore threads, TypingLimiter typing, TimeProvider time)
{
    /// <summary>Largest number of code points kept from a message body as a new thread's title.</summary>
    public const int TitleLength = 100;

    /// <summary>Handles one push. <paramref name="signature"/> is the header's value, else the query parameter's.</summary>
    public async Task HandleAsync(string sourceId, ReadOnlyMemory<byte> body, string? signature, CancellationToken cancellationToken)
    {
        var source = await sources.FindAsync(sourceId, cancellationToken);
        if (source is null) throw EngageException.Unprocessable("source_not_found", "Source not found.");
        if (!ChannelSignature.Verify(sources.SecretOf(source), body.Span, signature))
        {
            throw EngageException.Unprocessable("invalid_signature", $"Invalid signature: {ChannelSignature.HeaderName} must be the hex HMAC-SHA512 of the body keyed with the source's secret.");
        }
        if (!source.Active) throw EngageException.Unprocessable("source_inactive", "The source is not active.");
        var unthreaded = SourceStore.OptionsOf(source).Contains("messages.unthreaded");
        var command = SendApiParser.Parse(body, unthreaded);
        switch (command.Action)
        {
            case SendApiAction.MessagesCreate:
            case SendApiAction.PrivateMessagesCreate:
                await ImportMessageAsync(source, command.Message!, cancellationToken);
                break;
            case SendApiAction.ThreadsCreate:
                var thread = command.Thread!;
                if (thread.Author is not null) await identities.EnsureAsync(source.Id, thread.Author, time.GetUtcNow(), cancellationToken);
                await threads.UpsertThreadAsync(source.Id, thread.Id, thread.Title, thread.ExtraDataJson, thread.CreatedAt, cancellationToken);
                break;
            case SendApiAction.UsersCreate:
                await identities.EnsureAsync(source.Id, command.User!, time.GetUtcNow(), cancellationToken);
                break;
            case SendApiAction.TypingStart:
                if (!typing.TryStart(source.Id, command.TypingThreadId!))
                {
                    throw EngageException.TooMany("typing.start is limited to one per thread every 2 seconds.");
                }
                break;
            case SendApiAction.TypingStop:
            case SendApiAction.StatusMarkAsRead:
                // Accepted as documented; there is no agent-side presence to update yet.
                break;
        }
    }

    /// <summary>Imports one message into its thread (idempotent on its id); shared by the Send API and polling.</summary>
    public async Task ImportMessageAsync(SourceEntity source, SdkMessage message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var authorId = await identities.EnsureAsync(source.Id, message.Author, now, cancellationToken);
        // An unthreaded source keeps one thread per author.
        var foreignThreadId = message.ThreadId ?? "author:" + message.Author.Id;
        var title = message.Body.Length == 0 ? null : SendApiParser.TruncateCodePoints(message.Body, TitleLength);
        await threads.AppendAsync(new NewContent(
            SourceId: source.Id,
            SourceType: source.Type,
            ForeignThreadId: foreignThreadId,
            ThreadTitle: title,
            ForeignId: message.Id,
            AuthorId: authorId,
            Body: message.Body,
            BodyInputFormat: message.Format,
            InReplyToForeignId: message.InReplyToId,
            PrivateMessage: message.Private,
            ForeignCategories: message.Categories,
            ContextDataJson: message.ContextDataJson,
            Language: message.Language,
            AttachmentsCount: message.AttachmentsCount,
            CreatedAt: message.CreatedAt ?? now), cancellationToken);
    }
}
