using Engage.Domain.Api;

namespace Engage.Application.Interventions;

/// <summary>
/// The filters of <c>GET /1.0/intervention_comments</c> (openapi.yaml, <c>getAllInterventionComments</c>):
/// <c>intervention_id</c> or <c>thread_id</c> (one is required: it names the thread partition that is scanned), then
/// <c>user_id</c> (the comment's author) and <c>identity_id</c> (the identity of the comment's intervention).
/// The list is oldest first (by id).
/// </summary>
public sealed record CommentListFilter(string? InterventionId, string? ThreadId, string? UserId, string? IdentityId)
{
    /// <summary>The list name carried by cursors.</summary>
    public const string List = "intervention_comments";

    /// <summary>The order served: creation, oldest first, which is id order.</summary>
    public const string Order = "created_at.asc";

    /// <summary>The thread partition to scan: the bucket of the intervention or thread id.</summary>
    public string Anchor => InterventionId ?? ThreadId!;

    /// <summary>Checks and reads the raw parameters (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>missing_parameter</c> without intervention_id and thread_id; 422 <c>invalid_parameter</c> for a value that is not an id.</exception>
    public static CommentListFilter Parse(string? interventionId, string? threadId, string? userId, string? identityId)
    {
        var filter = new CommentListFilter(
            ListFilters.Id("intervention_id", interventionId), ListFilters.Id("thread_id", threadId),
            ListFilters.Id("user_id", userId), ListFilters.Id("identity_id", identityId));
        return filter.InterventionId is null && filter.ThreadId is null
            ? throw EngageException.Unprocessable("missing_parameter", "intervention_id or thread_id is required.")
            : filter;
    }
}
