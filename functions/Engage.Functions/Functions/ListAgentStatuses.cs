using Engage.Application.Agents;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/status</c>: connected agents and their availability per channel.</summary>
public sealed class ListAgentStatuses(AgentStatusService statuses, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="AgentStatusService.ListAsync"/>.</summary>
    [Function(nameof(ListAgentStatuses))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/status")] HttpRequest req) =>
        http.RunWriteAsync(req, async (caller, p, ct) => await statuses.ListAsync(
            caller, p.Strings("source_ids"), p.Strings("category_ids"), p.Strings("team_ids"), p.Strings("spoken_languages"), ct));
}
