using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>OPTIONS /messaging/{source_id}/...</c>: the CORS preflight of the visitor API, allowed only for the source's origins.</summary>
public sealed class MessagingPreflight(VisitorHttp http)
{
    /// <summary>204 with <c>Access-Control-Allow-*</c> for an allowed origin, else 403 <c>origin_not_allowed</c>.</summary>
    [Function(nameof(MessagingPreflight))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "messaging/{source_id}/{*rest}")] HttpRequest req, string source_id) =>
        http.PreflightAsync(req, source_id);
}
