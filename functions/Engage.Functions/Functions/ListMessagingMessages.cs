using Engage.Application.Messaging;
using Engage.Domain.Api;
using Engage.Domain.Messaging;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /messaging/{source_id}/messages?after=&amp;wait=</c> (public visitor API): the messages after a sequence, long polling up to 25 s.</summary>
public sealed class ListMessagingMessages(VisitorService visitors, VisitorHttp http)
{
    /// <summary><c>after</c> (default 0) is the last sequence shown; <c>wait</c> the seconds to wait when nothing is new.</summary>
    [Function(nameof(ListMessagingMessages))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "messaging/{source_id}/messages")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: true, async (call, ct) =>
        {
            var after = call.Parameters.Integer("after") ?? 0;
            if (after < 0) throw EngageException.Unprocessable("invalid_parameter", "after must be 0 or more.");
            return await visitors.FetchAsync(call.Source, call.Visitor!, after, MessagingRules.Wait(call.Parameters.Integer("wait")), ct);
        });
}
