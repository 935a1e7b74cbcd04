using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Threads;

/// <summary>
/// Thread changes by agents and bots: close (<c>PUT /1.0/content_threads/{id}/close</c>, needs
/// <c>close_content_thread</c>), open again (<c>GET /1.0/content_threads/{id}/open</c>, needs
/// <c>open_content_thread</c>), and categories added by bots. Replies to a closed thread are refused.
/// </summary>
public sealed class ThreadService(ThreadPartition partition, ThreadQueries threads, CustomFields.CustomFieldStore customFields, AnnouncedChange announced, TimeProvider time)
{
    /// <summary>The event of a change of a thread's custom field values (ours, like the field).</summary>
    public const string CustomFieldsUpdated = "content.thread_custom_fields_updated";

    /// <summary>
    /// <c>PUT /1.0/content_threads/{id}</c> with <c>custom_field_values[key]=v</c> (ours, issue 10): merges typed values of
    /// the custom fields of <c>Thread</c> into the thread's, an empty value removing the key; needs <c>reply</c> on the
    /// thread's source. Emits <see cref="CustomFieldsUpdated"/> (the thread's view, with its values) only when a value
    /// changed; otherwise writes nothing.
    /// </summary>
    /// <exception cref="EngageException">
    /// 404 unknown or unreadable thread; 403 without <c>reply</c>; 422 <c>unknown_custom_field</c>, <c>read_only_custom_field</c>,
    /// <c>invalid_custom_field_value</c> (naming <c>custom_field_values[key]</c> and why).
    /// </exception>
    public Task<ThreadView> UpdateCustomFieldsAsync(Caller caller, string id, IReadOnlyDictionary<string, IReadOnlyList<string>> values, CancellationToken cancellationToken)
    {
        var converted = new Dictionary<string, System.Text.Json.Nodes.JsonNode?>();
        var changed = false;
        return ChangeAsync(caller, id, CustomFieldsUpdated, head =>
        {
            var fields = System.Text.Json.Nodes.JsonNode.Parse(head.CustomFieldsJson ?? "{}")!.AsObject();
            changed = Domain.Profiles.CustomFieldValues.Apply(fields, converted).Count > 0;
            head.CustomFieldsJson = fields.ToJsonString();
        }, cancellationToken, sourcePermission: "reply", unchanged: () => !changed, check: async () =>
        {
            if (values.Count == 0) return;
            var definitions = await customFields.DefinitionsAsync("Thread", cancellationToken);
            foreach (var (key, raw) in values)
            {
                converted[key] = definitions.GetValueOrDefault(key) is { } definition
                    ? IdentityGroups.IdentityGroupService.ToNode(Domain.Profiles.CustomFieldValues.Convert(definition, raw))
                    : throw EngageException.Unprocessable("unknown_custom_field", $"custom_field_values[{key}] names no custom field of threads.");
            }
        });
    }

    /// <summary>Closes or reopens a thread.</summary>
    /// <exception cref="EngageException">404 unknown or unreadable thread; 403 without the permission.</exception>
    public Task<ThreadView> SetClosedAsync(Caller caller, string id, bool closed, CancellationToken cancellationToken)
    {
        caller.Require(closed ? "close_content_thread" : "open_content_thread");
        return ChangeAsync(caller, id, closed ? "content.thread_closed" : "content.thread_opened", head => head.Closed = closed, cancellationToken);
    }

    /// <summary>Adds <paramref name="categoryIds"/> to the thread's categories (bots' <c>thread_category_ids[]</c>).</summary>
    public Task<ThreadView> AddCategoriesAsync(Caller caller, string id, IReadOnlyList<string> categoryIds, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, "content.thread_recategorized", head =>
        {
            var merged = JsonSerializer.Deserialize<List<string>>(head.ThreadCategoryIdsJson)!.Union(categoryIds).ToList();
            head.ThreadCategoryIdsJson = JsonSerializer.Serialize(merged);
            head.CategoryIdsJson = JsonSerializer.Serialize(JsonSerializer.Deserialize<List<string>>(head.CategoryIdsJson)!.Union(categoryIds).ToList());
        }, cancellationToken);

    /// <summary>
    /// Hands control of the thread to <paramref name="controller"/> (<c>bot</c> or <c>agent</c>), replacing its
    /// thread categories when <paramref name="threadCategoryIds"/> are given. While an agent holds control, replies by
    /// bot users are refused with 409 <c>not_controller</c>.
    /// </summary>
    public Task<ThreadView> HandOverAsync(Caller caller, string id, string controller, IReadOnlyList<string> threadCategoryIds, CancellationToken cancellationToken) =>
        ChangeAsync(caller, id, "content.thread_handed_over", head =>
        {
            head.Controller = controller;
            if (threadCategoryIds.Count > 0)
            {
                head.ThreadCategoryIdsJson = JsonSerializer.Serialize(threadCategoryIds.Distinct().ToList());
                head.CategoryIdsJson = JsonSerializer.Serialize(JsonSerializer.Deserialize<List<string>>(head.CategoryIdsJson)!.Union(threadCategoryIds).ToList());
            }
        }, cancellationToken);

    /// <summary>
    /// Changes a readable thread and records <paramref name="eventType"/> in the same transaction. Before anything is
    /// read for the change, the caller needs <paramref name="sourcePermission"/> on the thread's source (403), then
    /// <paramref name="check"/> runs (its 422s come after the 404 and 403); when <paramref name="unchanged"/> says the
    /// change changed nothing, nothing is written and no event is recorded.
    /// </summary>
    private async Task<ThreadView> ChangeAsync(Caller caller, string id, string eventType, Action<Storage.Entities.ThreadEntity> change, CancellationToken cancellationToken,
        string? sourcePermission = null, Func<bool>? unchanged = null, Func<Task>? check = null)
    {
        var thread = await threads.FindThreadAsync(id, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        if (sourcePermission is not null && !caller.HasSourcePermission(thread.SourceId, sourcePermission))
        {
            throw new EngageException(403, "forbidden", $"This change needs {sourcePermission} on the thread's source.");
        }
        if (check is not null) await check();
        return await announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var head = await partition.HeadAsync(id, cancellationToken);
            var now = time.GetUtcNow();
            change(head);
            if (unchanged?.Invoke() == true) throw new NothingToWrite(head.ToView());
            head.UpdatedAt = now;
            await partition.ReplaceWithEventAsync(head, head, eventId, eventType, "content_thread", head.Id, caller.User.Id, now, cancellationToken);
            return head.ToView();
        }, cancellationToken);
    }
}
