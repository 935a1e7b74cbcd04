using Engage.Application.Messaging;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /messaging/{source_id}/messages</c> (public visitor API): a visitor message, imported like any other.</summary>
public sealed class PostMessagingMessage(VisitorService visitors, VisitorHttp http)
{
    /// <summary>JSON <c>{"body", "client_message_id"}</c>; answers the stored message with its sequence.</summary>
    [Function(nameof(PostMessagingMessage))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messaging/{source_id}/messages")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: true, async (call, ct) =>
            await visitors.PostAsync(call.Source, call.Visitor!, call.Parameters.String("body"), call.Parameters.String("client_message_id"), ct));
}
