using Engage.Application.Auth;
using Engage.Application.Interventions;
using Engage.Application.Json;
using Engage.Application.Threads;

namespace Engage.Application.Bots;

/// <summary>The answer of <c>POST /1.0/bots/complete</c> (<c>components/schemas/BotCompleteResponse</c>).</summary>
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
}
