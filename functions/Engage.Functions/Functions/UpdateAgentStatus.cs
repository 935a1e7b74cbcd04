using Engage.Application.Agents;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>PUT /1.0/status/{agentId}</c> with <c>status[channel_id]=available|away</c>.</summary>
public sealed class UpdateAgentStatus(AgentStatusService statuses, HttpApi http)
{
    /// <summary>Authenticates, then calls <see cref="AgentStatusService.UpdateAsync"/>.</summary>
    [Function(nameof(UpdateAgentStatus))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "1.0/status/{agentId}")] HttpRequest req, string agentId) =>
        http.RunWriteAsync(req, async (caller, p, ct) => await statuses.UpdateAsync(caller, agentId, p.Hash("status"), p.String("custom_status_id"), ct));
}
