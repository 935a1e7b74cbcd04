using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Categories;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Threads;

/// <summary>
/// Changes to single contents and to all contents of a thread (openapi.yaml, <c>/contents/{id}/ignore</c>,
/// <c>/contents/{id}/update_categories</c>, <c>/content_threads/{id}/ignore</c>). Objects on sources the caller
/// may not read answer 404. Each content is replaced in both of its orders in one transaction.
/// </summary>
public sealed class ContentService(ThreadQueries threads, ThreadPartition partition, ThreadStore threadStore, CategoryStore categories, IdentityGroups.IdentityGroupOfIdentity groupOf, EngageStorage storage, TimeProvider time)
{
    private const int ContentsPerTransaction = 50;

    /// <summary><c>PUT /1.0/contents/{id}/ignore</c>: status <c>ignored</c>.</summary>
    public Task<ContentView> IgnoreAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, c => c.Status = "ignored", cancellationToken);

    /// <summary><c>PUT /1.0/contents/{id}/update_categories</c> with <c>category_ids[]</c>.</summary>
    /// <exception cref="EngageException">422 <c>unknown_category</c> naming ids that name no category.</exception>
    public async Task<ContentView> UpdateCategoriesAsync(Caller caller, string id, IReadOnlyList<string> categoryIds, CancellationToken cancellationToken)
    {
        await FindReadableAsync(caller, id, cancellationToken);
        await categories.RequireExistAsync(categoryIds, cancellationToken);
        return await ChangeAsync(caller, id, c => c.CategoryIdsJson = JsonSerializer.Serialize(categoryIds.Distinct().ToList()), cancellationToken);
    }

    /// <summary><c>PUT /1.0/content_threads/{id}/ignore</c>: archives (ignores) every content of the thread; returns the thread.</summary>
    public async Task<ThreadView> IgnoreThreadAsync(Caller caller, string threadId, CancellationToken cancellationToken)
    {
        var thread = await threads.FindThreadAsync(threadId, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        var rows = await storage.Table(StorageNames.ThreadsTable).RangeAsync<ContentEntity>(thread.PartitionKey, ThreadKeys.AscendingPrefix(thread.Id), int.MaxValue, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var batch in rows.Where(c => c.Status != "ignored").Chunk(ContentsPerTransaction))
        {
            var actions = new List<TableTransactionAction>();
            foreach (var content in batch)
            {
                content.Status = "ignored";
                content.UpdatedAt = now;
                // ETag.All: archiving wins over a concurrent status change, as the reference's archive does.
                content.ETag = Azure.ETag.All;
                actions.AddRange(ThreadPartition.ReplaceContent(content));
            }
            await partition.SubmitAsync(actions, cancellationToken);
        }
        await threadStore.EnsureListedAsync(thread.PartitionKey, thread.RowKey, cancellationToken, changedAt: now);
        return thread.ToView();
    }

    private async Task<ContentView> ChangeAsync(Caller caller, string id, Action<ContentEntity> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var content = await FindReadableAsync(caller, id, cancellationToken);
            change(content);
            content.UpdatedAt = time.GetUtcNow();
            try
            {
                await partition.SubmitAsync(ThreadPartition.ReplaceContent(content).ToList(), cancellationToken);
                // These changes write no event, so the thread's list row learns of them here (the changes feed).
                await threadStore.TouchAsync(content.ThreadId, content.UpdatedAt, cancellationToken);
                return await groupOf.FillAsync(content.ToView(), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 412 && attempt < 10)
            {
                // Changed meanwhile (a reply, a posting outcome): apply again on the fresh row.
            }
        }
    }

    private async Task<ContentEntity> FindReadableAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var content = await threads.FindContentAsync(id, cancellationToken);
        return content is not null && caller.CanReadSource(content.SourceId) ? content : throw EngageException.NotFound("Content");
    }
}
