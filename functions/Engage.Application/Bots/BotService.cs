using Engage.Application.Auth;
using Engage.Application.Interventions;
using Engage.Application.Json;
using Engage.Application.Threads;

namespace Engage.Application.Bots;

/// <summary>The answer of <c>POST /1.0/bots/complete</c> and <c>/bots/handover</c> (<c>BotCompleteResponse</c>, <c>HandoverFromBotToAgentResponse</c>).</summary>
public sealed record BotCompleteView(string Status, string Message);

/// <summary>
/// The bots API (openapi.yaml, <c>/bots/engage</c> and <c>/bots/complete</c>): engage opens an intervention as the
/// token's (bot) user; complete closes it (or cancels it when the bot never replied), then optionally adds
/// thread categories and closes the thread.
/// </summary>
public sealed class BotService(InterventionService interventions, ThreadService threads)
{
    /// <summary><c>POST /1.0/bots/engage?content_id=</c>.</summary>
    public Task<InterventionView> EngageAsync(Caller caller, string? contentId, CancellationToken cancellationToken) =>
        interventions.OpenAsync(caller, contentId, cancellationToken);

    /// <summary><c>POST /1.0/bots/complete?intervention_id=&amp;close_thread=&amp;thread_category_ids[]=</c>.</summary>
    /// <exception cref="Domain.Api.EngageException">422 without intervention_id; the intervention's own errors otherwise.</exception>
    public async Task<BotCompleteView> CompleteAsync(Caller caller, string? interventionId, bool closeThread, IReadOnlyList<string> threadCategoryIds, CancellationToken cancellationToken)
    {
        if (interventionId is null) throw Domain.Api.EngageException.Unprocessable("missing_parameter", "intervention_id is required.");
        var intervention = await interventions.GetAsync(caller, interventionId, cancellationToken);
        var completed = intervention.UserRepliesCount > 0
            ? await interventions.CloseAsync(caller, interventionId, [], cancellationToken)
            : await interventions.CancelAsync(caller, interventionId, cancellationToken);
        if (threadCategoryIds.Count > 0) await threads.AddCategoriesAsync(caller, intervention.ThreadId, threadCategoryIds, cancellationToken);
        if (closeThread) await threads.SetClosedAsync(caller, intervention.ThreadId, closed: true, cancellationToken);
        return new BotCompleteView("ok", $"Intervention {completed.Id} is {completed.Status}.");
    }

    /// <summary>
    /// <c>POST /1.0/bots/handover?from=bot&amp;to=agent&amp;type=engage_virtual_agent&amp;intervention_id=</c>: hands the
    /// intervention's thread to human agents (or back to the bot), recategorising it when
    /// <c>thread_category_ids[]</c> are given. Source-specific handovers (Messenger apps) are not supported.
    /// </summary>
    /// <exception cref="Domain.Api.EngageException">422 for a bad from/to/type or a missing intervention_id.</exception>
    public async Task<BotCompleteView> HandOverAsync(Caller caller, string? from, string? to, string? type, string? interventionId, IReadOnlyList<string> threadCategoryIds, CancellationToken cancellationToken)
    {
        if (from is not ("bot" or "agent") || to is not ("bot" or "agent") || from == to)
        {
            throw Domain.Api.EngageException.Unprocessable("invalid_parameter", "from and to must be bot and agent, one each.");
        }
        if (type != "engage_virtual_agent")
        {
            throw Domain.Api.EngageException.Unprocessable("invalid_parameter", "type must be engage_virtual_agent; source-specific handovers are not supported.");
        }
        if (interventionId is null) throw Domain.Api.EngageException.Unprocessable("missing_parameter", "intervention_id is required.");
        var intervention = await interventions.GetAsync(caller, interventionId, cancellationToken);
        await threads.HandOverAsync(caller, intervention.ThreadId, to, threadCategoryIds, cancellationToken);
        return new BotCompleteView("ok", $"The thread is handed over to the {to}.");
    }
}
