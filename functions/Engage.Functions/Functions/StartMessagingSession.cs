using Engage.Application.Messaging;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /messaging/{source_id}/sessions</c> (public visitor API): starts a web chat session, or resumes the one <c>X-Visitor-Token</c> names.</summary>
public sealed class StartMessagingSession(VisitorService visitors, VisitorHttp http)
{
    /// <summary>Answers the visitor id, a new visitor token and the source's chat settings.</summary>
    [Function(nameof(StartMessagingSession))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messaging/{source_id}/sessions")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: false, async (call, ct) =>
            await visitors.StartAsync(call.Source, call.PresentedToken, call.Parameters.String("name"), ct));
}
