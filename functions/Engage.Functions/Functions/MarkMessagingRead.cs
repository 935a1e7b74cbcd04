using Engage.Application.Messaging;
using Engage.Domain.Api;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>POST /messaging/{source_id}/read</c> (public visitor API): the visitor has read up to <c>sequence</c>.</summary>
public sealed class MarkMessagingRead(VisitorService visitors, VisitorHttp http)
{
    /// <summary>Answers <c>{"read_sequence"}</c>, which never goes backwards.</summary>
    [Function(nameof(MarkMessagingRead))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messaging/{source_id}/read")] HttpRequest req, string source_id) =>
        http.RunAsync(req, source_id, needsVisitor: true, async (call, ct) =>
        {
            var sequence = call.Parameters.Integer("sequence") ?? throw EngageException.Unprocessable("missing_parameter", "sequence is required.");
            return new { read_sequence = await visitors.MarkReadAsync(call.Source, call.Visitor!, sequence, ct) };
        });
}
