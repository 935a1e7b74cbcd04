using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Categories;

/// <summary>
/// <c>PUT /1.0/content_threads/{threadId}/update_categories</c> (openapi.yaml, <c>categorizeThread</c>): replaces the
/// thread's <c>thread_category_ids</c>; <c>category_ids</c> stays the union of every category the thread ever got, as
/// <see cref="ThreadService.AddCategoriesAsync"/> keeps it. The same transaction pattern as <see cref="ThreadService"/>:
/// an announced outbox row (<see cref="AnnouncedChange"/>) committed with the head under its ETag, so racing
/// categorisations retry instead of overwriting each other.
/// </summary>
public sealed class ThreadCategorizer(ThreadPartition partition, ThreadQueries threads, CategoryStore categories, AnnouncedChange announced, TimeProvider time)
{
    /// <summary>
    /// Sets <paramref name="threadCategoryIds"/> (duplicates dropped; an empty list clears them) and answers the thread
    /// (<c>components/schemas/Thread</c>). Needs only read permission on the thread's source ("Authorization: no").
    /// </summary>
    /// <exception cref="EngageException">404 unknown or unreadable thread; 422 <c>unknown_category</c> naming unknown ids.</exception>
    public async Task<ThreadView> CategorizeAsync(Caller caller, string id, IReadOnlyList<string> threadCategoryIds, CancellationToken cancellationToken)
    {
        var thread = await threads.FindThreadAsync(id, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        var wanted = threadCategoryIds.Distinct(StringComparer.Ordinal).ToList();
        await categories.RequireExistAsync(wanted, cancellationToken);
        return await announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var head = await partition.HeadAsync(id, cancellationToken);
            var now = time.GetUtcNow();
            head.ThreadCategoryIdsJson = JsonSerializer.Serialize(wanted);
            head.CategoryIdsJson = JsonSerializer.Serialize(JsonSerializer.Deserialize<List<string>>(head.CategoryIdsJson)!.Union(wanted).ToList());
            head.UpdatedAt = now;
            await partition.SubmitAsync(
            [
                new(TableTransactionActionType.UpdateReplace, head, head.ETag),
                new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, "content.thread_recategorized", "content_thread", head.Id, caller.User.Id, now)),
            ], cancellationToken);
            return head.ToView();
        }, cancellationToken);
    }
}
