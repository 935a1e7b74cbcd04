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
    public async Task<ThreadView> UpdateCustomFieldsAsync(Caller caller, string id, IReadOnlyDictionary<string, IReadOnlyList<string>> values, CancellationToken cancellationToken)
    {
        var thread = await threads.FindThreadAsync(id, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        if (!caller.HasSourcePermission(thread.SourceId, "reply")) throw new EngageException(403, "forbidden", "Writing a thread's custom field values needs reply on its source.");
        var definitions = values.Count == 0 ? new Dictionary<string, Domain.Profiles.CustomFieldDefinition>() : await customFields.DefinitionsAsync("Thread", cancellationToken);
        var converted = values.ToDictionary(v => v.Key, v => definitions.GetValueOrDefault(v.Key) is { } definition
            ? IdentityGroups.IdentityGroupService.ToNode(Domain.Profiles.CustomFieldValues.Convert(definition, v.Value))
            : throw EngageException.Unprocessable("unknown_custom_field", $"custom_field_values[{v.Key}] names no custom field of threads."));
        return await announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var head = await partition.HeadAsync(id, cancellationToken);
            var fields = System.Text.Json.Nodes.JsonNode.Parse(head.CustomFieldsJson ?? "{}")!.AsObject();
            var before = fields.DeepClone();
            foreach (var (key, value) in converted)
            {
                if (value is null) fields.Remove(key);
                else fields[key] = value.DeepClone();
            }
            if (System.Text.Json.Nodes.JsonNode.DeepEquals(before, fields)) throw new NothingToWrite(head.ToView());
            var now = time.GetUtcNow();
            head.CustomFieldsJson = fields.ToJsonString();
            head.UpdatedAt = now;
            await partition.ReplaceWithEventAsync(head, head, eventId, CustomFieldsUpdated, "content_thread", head.Id, caller.User.Id, now, cancellationToken);
            return head.ToView();
        }, cancellationToken);
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

    private async Task<ThreadView> ChangeAsync(Caller caller, string id, string eventType, Action<Storage.Entities.ThreadEntity> change, CancellationToken cancellationToken)
    {
        var thread = await threads.FindThreadAsync(id, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        return await announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var head = await partition.HeadAsync(id, cancellationToken);
            var now = time.GetUtcNow();
            change(head);
            head.UpdatedAt = now;
            await partition.ReplaceWithEventAsync(head, head, eventId, eventType, "content_thread", head.Id, caller.User.Id, now, cancellationToken);
            return head.ToView();
        }, cancellationToken);
    }
}
