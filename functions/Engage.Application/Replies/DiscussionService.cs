using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Identities;
using Engage.Application.Ingest;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Channel;
using Engage.Domain.Ids;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Replies;

/// <summary>
/// <c>POST /1.0/contents</c> without <c>in_reply_to_id</c>: an agent or bot starts a discussion on a source
/// (openapi.yaml, <c>createContent</c>). Parameters: <c>source_id</c> and <c>body</c> (required), <c>title</c>
/// (the thread's title; default: the body's first 100 characters). The user needs the <c>initiate_discussion</c>
/// permission on the source (openapi.yaml, sources permissions). One transaction in the new thread's partition stores the thread (placeholder foreign id, see
/// <see cref="ThreadKeys.Placeholder"/>), its first content (<c>sequence</c> 1, <c>first_in_thread</c>, status
/// <c>user_initiated</c>, <c>synchronization_status</c> pending) and the <c>content.discussion_initiated</c> outbox row
/// announced on the <c>outbound</c> queue; <see cref="OutboundPoster"/> then sends it as <c>threads.create</c>.
/// </summary>
public sealed class DiscussionService(SourceStore sources, IdentityStore identities, IdentityGroups.IdentityGroupOfIdentity groupOf, ThreadPartition partition, ThreadStore threadStore, AnnouncedChange change, TimeProvider time, ILogger<DiscussionService> logger)
{
    /// <summary>Longest <c>title</c> accepted (a thread title, far below the 32K-character property limit).</summary>
    public const int MaxTitleLength = 1000;

    /// <summary>Starts the discussion and returns its first content.</summary>
    /// <exception cref="EngageException">
    /// 422 <c>missing_parameter</c> (no <c>source_id</c> or <c>body</c>), <c>unsupported_parameter</c> (<c>private</c> or
    /// <c>to</c>: private discussions cannot be started yet), <c>cannot_initiate_discussion</c> (the source cannot
    /// create threads); 404 for a source the user may not read; 403 without <c>initiate_discussion</c> on it.
    /// </exception>
    public async Task<ContentView> InitiateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        var sourceId = p.String("source_id")
            ?? throw EngageException.Unprocessable("missing_parameter", "source_id is required to start a discussion (or give in_reply_to_id to reply).");
        var body = ReplyService.RequireBody(p);
        if (p.Boolean("private") == true || p.Strings("to").Count > 0)
        {
            // Sending it as a public thread would publish a message meant for one person: refuse instead.
            throw EngageException.Unprocessable("unsupported_parameter", "Starting a private discussion (private, to) is not supported yet; reply privately to a customer's content instead.");
        }
        var source = await sources.FindAsync(sourceId, cancellationToken);
        if (source is null || !caller.CanReadSource(source.Id)) throw EngageException.NotFound("Source");
        if (!caller.HasSourcePermission(source.Id, "initiate_discussion")) throw EngageException.Forbidden("The token's user may not start discussions on this source (initiate_discussion).");
        if (DiscussionRules.CannotInitiateReason(source) is { } reason) throw EngageException.Unprocessable("cannot_initiate_discussion", reason);

        var title = p.String("title") ?? (body.Length == 0 ? null : SendApiParser.TruncateCodePoints(body, SendApiService.TitleLength));
        if (title is { Length: > MaxTitleLength }) throw EngageException.Unprocessable("invalid_parameter", $"title is at most {MaxTitleLength} characters.");
        var author = await identities.EnsurePuppetAsync(caller.User, source.Id, time.GetUtcNow(), cancellationToken);
        var placeholder = ThreadKeys.Placeholder(EngageId.New(time.GetUtcNow()));
        var threadPartition = ThreadKeys.Partition(source.Id, placeholder);
        var (head, content) = await change.RunAsync(threadPartition, StorageNames.OutboundQueue, async eventId =>
        {
            var now = time.GetUtcNow();
            var head = ThreadStore.NewHead(threadPartition, ThreadKeys.Head(source.Id, placeholder), source.Id, placeholder, title, now);
            var content = FirstContent(head, source, author, caller.User.Id, body, now);
            head.ContentsCount = 1;
            head.LastSequence = 1;
            head.LastContentAt = now;
            head.MoveIndex(now);
            head.NoteContent(content.AuthorId, null, now);
            await partition.SubmitAsync(
            [
                new(TableTransactionActionType.Add, head),
                new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = head.PartitionKey, RowKey = ThreadKeys.ThreadPointer(head.Id), TargetId = head.Id, TargetRowKey = head.RowKey }),
                new(TableTransactionActionType.Add, content),
                new(TableTransactionActionType.Add, content.WithRowKey(ThreadKeys.Descending(head.Id, now, 1, content.Id))),
                new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = head.PartitionKey, RowKey = ThreadKeys.ContentPointer(content.Id), TargetId = content.Id, TargetRowKey = content.RowKey }),
                new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, DiscussionRules.EventType, "content", content.Id, caller.User.Id, now)),
            ], cancellationToken);
            return (head, content);
        }, cancellationToken);
        try
        {
            await threadStore.MoveIndexAsync(head, previous: null, isNew: true, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Committed and announced: PostOutbound lists the thread if this did not.
            logger.LogWarning(e, "Thread {ThreadId}: list update failed after commit; the outbound poster will repair it.", head.Id);
        }
        return await groupOf.FillAsync(content.ToView(), cancellationToken);
    }

    private static ContentEntity FirstContent(ThreadEntity head, SourceEntity source, string authorId, string userId, string body, DateTimeOffset now)
    {
        var id = EngageId.New(now, head.PartitionKey);
        return new ContentEntity
        {
            PartitionKey = head.PartitionKey,
            RowKey = ThreadKeys.Ascending(head.Id, now, 1, id),
            Id = id,
            ThreadId = head.Id,
            SourceId = source.Id,
            SourceType = source.Type,
            AuthorId = authorId,
            CreatorId = userId,
            BodyInputFormat = "text",
            Status = DiscussionRules.Status,
            CreatedFrom = "api",
            SynchronizationStatus = "pending",
            FirstInThread = true,
            Sequence = 1,
            CreatedAt = now,
            UpdatedAt = now,
            Body = body,
        };
    }
}
