using Engage.Application.Messaging;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /messaging/{source_id}/typing</c> (public visitor API): the visitor starts or stops typing.</summary>
public sealed class MessagingTyping(VisitorService visitors, VisitorHttp http)
{
    /// <summary>Body or query <c>state</c>: <c>start</c> or <c>stop</c> (else 422). Answers <c>{"state"}</c>.</summary>
    [Function(nameof(MessagingTyping))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messaging/{source_id}/typing")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: true, async (call, ct) =>
        {
            var state = call.Parameters.String("state") ?? throw EngageException.Unprocessable("missing_parameter", "state is required.");
            if (state is not ("start" or "stop")) throw EngageException.Unprocessable("invalid_parameter", "state must be start or stop.");
            await visitors.TypingAsync(call.Source, call.Visitor!, state == "start", ct);
            return new { state };
        });
}
