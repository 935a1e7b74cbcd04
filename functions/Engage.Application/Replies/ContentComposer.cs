using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Domain.Api;

namespace Engage.Application.Replies;

/// <summary>
/// <c>POST /1.0/contents</c> (openapi.yaml, <c>createContent</c>): "If [in_reply_to_id is] omitted, a new discussion
/// will be created". With <c>in_reply_to_id</c> it is a reply (<see cref="ReplyService"/>), without it a new
/// discussion (<see cref="DiscussionService"/>).
/// </summary>
public sealed class ContentComposer(ReplyService replies, DiscussionService discussions)
{
    /// <summary>Creates the content; errors as described on the two services.</summary>
    public Task<ContentView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken) =>
        p.String("in_reply_to_id") is null
            ? discussions.InitiateAsync(caller, p, cancellationToken)
            : replies.ReplyAsync(caller, p, cancellationToken);
}
