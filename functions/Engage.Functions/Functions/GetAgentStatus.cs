using Engage.Application.Agents;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /1.0/status/{agentId}</c>: one connected agent's availability.</summary>
public sealed class GetAgentStatus(AgentStatusService statuses, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="AgentStatusService.GetAsync"/>.</summary>
    [Function(nameof(GetAgentStatus))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/status/{agentId}")] HttpRequest req, string agentId) =>
        http.RunAsync(req, async (caller, ct) => await statuses.GetAsync(caller, agentId, ct));
}
