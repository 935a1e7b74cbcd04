using Engage.Application.Messaging;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /messaging/{source_id}/sessions/end</c> (public visitor API): ends a live chat; the next message starts a new conversation.</summary>
public sealed class EndMessagingSession(VisitorService visitors, VisitorHttp http)
{
    /// <summary>Answers <c>{"ended": true}</c> (in messaging mode there is nothing to end and the thread stays).</summary>
    [Function(nameof(EndMessagingSession))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messaging/{source_id}/sessions/end")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: true, async (call, ct) =>
        {
            await visitors.EndAsync(call.Source, call.Visitor!, ct);
            return new { ended = true };
        });
}
