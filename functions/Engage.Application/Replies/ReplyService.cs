using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Identities;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Channel;
using Engage.Domain.Ids;

namespace Engage.Application.Replies;

/// <summary>
/// <c>POST /1.0/contents</c>: an agent's or bot's reply. Rules (PROTOCOL.md, "Intervention rules as clients see
/// them"): the user needs <c>reply</c> on the source; a closed thread is 403 <c>cant_reply_to_closed_thread</c>;
/// the thread needs an open intervention (422 <c>no_open_intervention</c>). One transaction stores the reply
/// (status <c>replied</c>, <c>synchronization_status</c> pending, the thread's next <c>sequence</c>), marks the
/// replied content replied, updates the intervention's reply metrics and the thread, and adds the outbox row
/// that the <c>outbound</c> queue announced; PostOutbound then delivers it to the source.
/// </summary>
public sealed class ReplyService(ThreadPartition partition, ThreadQueries threads, ThreadStore threadStore, IdentityStore identities, IdentityGroups.IdentityGroupOfIdentity groupOf, AnnouncedChange change, TimeProvider time)
{
    /// <summary>Creates the reply. Parameters: <c>body</c> (required), <c>in_reply_to_id</c> (required), <c>private</c>, <c>title</c>.</summary>
    /// <exception cref="EngageException">404, 403, 422 as described on the type.</exception>
    public async Task<ContentView> ReplyAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        var body = RequireBody(p);
        var repliedId = p.String("in_reply_to_id")
            ?? throw EngageException.Unprocessable("missing_parameter", "in_reply_to_id is required to reply (without it, POST /1.0/contents starts a discussion).");
        var replied = await threads.FindContentAsync(repliedId, cancellationToken);
        if (replied is null || !caller.CanReadSource(replied.SourceId)) throw EngageException.NotFound("Content");
        if (!caller.HasSourcePermission(replied.SourceId, "reply")) throw EngageException.Forbidden("The token's user may not reply on this source.");
        var author = await identities.EnsurePuppetAsync(caller.User, replied.SourceId, time.GetUtcNow(), cancellationToken);
        var isPrivate = p.Boolean("private") ?? replied.PrivateMessage;

        return await change.RunAsync(EngageId.BucketOfId(repliedId), StorageNames.OutboundQueue,
            eventId => AttemptAsync(caller, repliedId, author, body, isPrivate, eventId, cancellationToken), cancellationToken);
    }

    private async Task<ContentView> AttemptAsync(Caller caller, string repliedId, string authorId, string body, bool isPrivate, string eventId, CancellationToken cancellationToken)
    {
        var replied = await threads.FindContentAsync(repliedId, cancellationToken) ?? throw EngageException.NotFound("Content");
        var head = await partition.HeadAsync(replied.ThreadId, cancellationToken);
        if (head.Closed) throw new EngageException(403, "cant_reply_to_closed_thread", "The thread is closed.");
        if (head.Controller == "agent" && caller.Role.Label == "bot")
        {
            throw new EngageException(409, "not_controller", "The thread was handed over to agents: the bot may reply again once it is handed back.");
        }
        var intervention = head.ActiveInterventionId is null ? null : await partition.FindInterventionAsync(head.ActiveInterventionId, cancellationToken);
        if (intervention is null || !InterventionStatus.IsOpen(intervention.Status))
        {
            throw EngageException.Unprocessable("no_open_intervention", "The replied content is not under an open intervention: open one with POST /1.0/interventions?content_id=... first.");
        }
        var now = time.GetUtcNow();
        head.LastSequence++;
        head.ContentsCount++;
        head.LastContentAt = head.LastContentAt is { } last && last > now ? last : now;
        var previousIndexRow = head.MoveIndex(now);
        head.UpdatedAt = now;
        head.NoteContent(authorId, null, now);

        var replyId = EngageId.New(now, head.PartitionKey);
        var reply = new ContentEntity
        {
            PartitionKey = head.PartitionKey,
            RowKey = ThreadKeys.Ascending(head.Id, now, head.LastSequence, replyId),
            Id = replyId,
            ThreadId = head.Id,
            SourceId = head.SourceId,
            SourceType = replied.SourceType,
            AuthorId = authorId,
            CreatorId = caller.User.Id,
            BodyInputFormat = "text",
            InReplyToId = replied.Id,
            InReplyToAuthorId = replied.AuthorId,
            PrivateMessage = isPrivate,
            Status = "replied",
            CreatedFrom = "api",
            SynchronizationStatus = "pending",
            InterventionId = intervention.Id,
            Sequence = head.LastSequence,
            CreatedAt = now,
            UpdatedAt = now,
            Body = body,
        };

        intervention.UserRepliesCount++;
        intervention.FirstUserReplyId ??= replyId;
        intervention.FirstUserReplyIn ??= (long)(now - intervention.CreatedAt).TotalSeconds;
        var delay = (long)Math.Max(0, (now - replied.CreatedAt).TotalSeconds);
        intervention.LastUserReplyIn = delay;
        intervention.UserReplyInTotal += delay;
        intervention.UserReplyInAverageCount++;
        intervention.UpdatedAt = now;

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, reply),
            new(TableTransactionActionType.Add, reply.WithRowKey(ThreadKeys.Descending(head.Id, now, reply.Sequence, replyId))),
            new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = head.PartitionKey, RowKey = ThreadKeys.ContentPointer(replyId), TargetId = replyId, TargetRowKey = reply.RowKey }),
            new(TableTransactionActionType.UpdateReplace, head, head.ETag),
            new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag),
            new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, "content.replied", "content", replyId, caller.User.Id, now)),
        };
        if (replied.Status != "replied")
        {
            replied.Status = "replied";
            replied.UpdatedAt = now;
            actions.AddRange(ThreadPartition.ReplaceContent(replied));
        }
        await partition.SubmitAsync(actions, cancellationToken);
        await threadStore.MoveIndexAsync(head, previousIndexRow, isNew: false, cancellationToken);
        return await groupOf.FillAsync(reply.ToView(), cancellationToken);
    }

    /// <summary>The <c>body</c> parameter: required, at most 20,000 code points (the Send API's limit).</summary>
    /// <exception cref="EngageException">422 <c>missing_parameter</c> or <c>invalid_parameter</c>.</exception>
    public static string RequireBody(ApiParameters p)
    {
        var body = p.String("body") ?? throw EngageException.Unprocessable("missing_parameter", "body is required.");
        return SendApiParser.CountCodePoints(body) <= SendApiParser.MaxBodyCharacters
            ? body
            : throw EngageException.Unprocessable("invalid_parameter", $"body is longer than {SendApiParser.MaxBodyCharacters} characters.");
    }
}
