using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Interventions;

/// <summary>
/// Intervention comments (openapi.yaml, <c>/intervention_comments</c>): internal notes on an intervention that
/// readers of its source see. Creating one for another <c>user_id</c> than the caller, or deleting someone
/// else's, needs <c>update_intervention</c>.
/// </summary>
public sealed class InterventionCommentService(ThreadPartition partition, EngageStorage storage, TimeProvider time)
{
    private const int MaxAttempts = 10;

    /// <summary><c>POST /1.0/intervention_comments</c> with <c>body</c>, <c>intervention_id</c> and <c>user_id</c> (default: the caller).</summary>
    /// <exception cref="EngageException">422 for a missing body or intervention_id; 404 for an unreadable intervention; 403 for another user_id.</exception>
    public async Task<InterventionCommentView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        var body = p.String("body") ?? throw EngageException.Unprocessable("missing_parameter", "body is required.");
        var interventionId = p.String("intervention_id") ?? throw EngageException.Unprocessable("missing_parameter", "intervention_id is required.");
        var userId = p.String("user_id") ?? caller.User.Id;
        if (userId != caller.User.Id) caller.Require("update_intervention");
        for (var attempt = 1; ; attempt++)
        {
            var intervention = await partition.FindInterventionAsync(interventionId, cancellationToken);
            if (intervention is null || !caller.CanReadSource(intervention.SourceId)) throw EngageException.NotFound("Intervention");
            var now = time.GetUtcNow();
            var id = EngageId.New(now, intervention.PartitionKey);
            var comment = new InterventionCommentEntity
            {
                PartitionKey = intervention.PartitionKey,
                RowKey = TableKeys.Join("n", id),
                Id = id,
                InterventionId = intervention.Id,
                ThreadId = intervention.ThreadId,
                SourceId = intervention.SourceId,
                UserId = userId,
                Body = body,
                CreatedAt = now,
                UpdatedAt = now,
            };
            intervention.CommentsCount++;
            try
            {
                await partition.SubmitAsync(
                [
                    new(TableTransactionActionType.Add, comment),
                    new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag),
                ], cancellationToken);
                return comment.ToView();
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // The intervention changed meanwhile: count again.
            }
        }
    }

    /// <summary>
    /// <c>GET /1.0/intervention_comments?intervention_id=</c> (or <c>thread_id=</c>), with <c>user_id</c> and
    /// <c>identity_id</c>, oldest first (by id); offset or keyset cursor. Cost: one range query over the <c>n|</c> rows
    /// of the thread's partition (at most 5,000), plus with <c>identity_id</c> one point read per intervention commented.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<InterventionCommentView>> ListAsync(Caller caller, Paging paging, CommentListFilter filter, CancellationToken cancellationToken)
    {
        var rows = await storage.Table(StorageNames.ThreadsTable).RangeAsync<InterventionCommentEntity>(EngageId.BucketOfId(filter.Anchor), "n|", 5000, cancellationToken);
        var matching = rows
            .Where(c => caller.CanReadSource(c.SourceId)
                && (filter.InterventionId is null || c.InterventionId == filter.InterventionId)
                && (filter.ThreadId is null || c.ThreadId == filter.ThreadId)
                && (filter.UserId is null || c.UserId == filter.UserId))
            .ToList();
        if (filter.IdentityId is { } identityId)
        {
            var interventions = await Task.WhenAll(matching.Select(c => c.InterventionId).Distinct().Select(id => partition.FindInterventionAsync(id, cancellationToken)));
            var ofIdentity = interventions.Where(v => v?.IdentityId == identityId).Select(v => v!.Id).ToHashSet(StringComparer.Ordinal);
            matching = matching.Where(c => ofIdentity.Contains(c.InterventionId)).ToList();
        }
        var page = Keyset.Page(matching, c => [c.Id], paging, CommentListFilter.List, CommentListFilter.Order);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(c => c.ToView()).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/intervention_comments/{id}</c>.</summary>
    public async Task<InterventionCommentView> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        (await FindReadableAsync(caller, id, cancellationToken)).ToView();

    /// <summary><c>DELETE /1.0/intervention_comments/{id}</c>: the author, or a user with <c>update_intervention</c>.</summary>
    public async Task<InterventionCommentView> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var comment = await FindReadableAsync(caller, id, cancellationToken);
        if (comment.UserId != caller.User.Id) caller.Require("update_intervention");
        await partition.SubmitAsync([new(TableTransactionActionType.Delete, comment, Azure.ETag.All)], cancellationToken);
        return comment.ToView();
    }

    private async Task<InterventionCommentEntity> FindReadableAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var comment = EngageId.IsValid(id)
            ? await storage.Table(StorageNames.ThreadsTable).FindAsync<InterventionCommentEntity>(EngageId.BucketOfId(id), TableKeys.Join("n", id), cancellationToken)
            : null;
        return comment is not null && caller.CanReadSource(comment.SourceId) ? comment : throw EngageException.NotFound("Intervention comment");
    }
}
