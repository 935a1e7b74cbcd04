using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Ids;

namespace Engage.Application.Interventions;

/// <summary>
/// Interventions per the contract and PROTOCOL.md ("Intervention rules as clients see them"): opening one on a
/// content whose thread has one open is 422; opening on the content of a closed one reopens it; closing is
/// accepted at once (status <c>closing</c>) and completed by the disposition workflow; closing without an agent
/// reply, or one already closed, is 403; a second close while one is in progress is 409; cancel needs no agent
/// reply (403 once there is one). Every change is one transaction in the thread's partition, guarded by ETags.
/// </summary>
public sealed class InterventionService(ThreadPartition partition, ThreadQueries threads, Sources.SourceStore sources, InterventionIndex interventionIndex, Users.UserStore users, Categories.CategoryStore categories, CustomFields.CustomFieldStore customFields, IdentityGroups.IdentityGroupStore groups, IdentityGroups.IdentityGroupOfIdentity groupOf, AnnouncedChange announced, TimeProvider time)
{
    /// <summary><c>POST /1.0/interventions?content_id=</c>.</summary>
    /// <exception cref="EngageException">404 unknown content; 403 without reply permission; 422 when one is open.</exception>
    public async Task<InterventionView> OpenAsync(Caller caller, string? contentId, CancellationToken cancellationToken)
    {
        if (contentId is null) throw EngageException.Unprocessable("missing_parameter", "content_id is required.");
        if (!EngageId.IsValid(contentId)) throw EngageException.NotFound("Content");
        return await WithGroupAsync(announced.RunAsync(EngageId.BucketOfId(contentId), StorageNames.OutboxQueue, async eventId =>
        {
            var content = await threads.FindContentAsync(contentId, cancellationToken);
            if (content is null || !caller.CanReadSource(content.SourceId)) throw EngageException.NotFound("Content");
            if (!caller.HasSourcePermission(content.SourceId, "reply")) throw EngageException.Forbidden("The token's user may not reply on this source.");
            var head = await partition.HeadAsync(content.ThreadId, cancellationToken);
            if (head.ActiveInterventionId is not null)
            {
                throw EngageException.Unprocessable("intervention_already_open", $"Intervention {head.ActiveInterventionId} is already open on this thread.");
            }
            var now = time.GetUtcNow();
            InterventionEntity intervention;
            string type;
            var previous = content.InterventionId is null ? null : await partition.FindInterventionAsync(content.InterventionId, cancellationToken);
            if (previous is not null && previous.Status is InterventionStatus.Closed)
            {
                intervention = previous;
                intervention.Status = InterventionStatus.Reopened;
                intervention.ClosedAt = null;
                intervention.UserId = caller.User.Id;
                type = "intervention.reopened";
            }
            else
            {
                intervention = new InterventionEntity
                {
                    PartitionKey = head.PartitionKey,
                    RowKey = ThreadPartition.InterventionKey(EngageId.New(now, head.PartitionKey)),
                    ThreadId = head.Id,
                    ThreadRowKey = head.RowKey,
                    SourceId = head.SourceId,
                    ContentId = content.Id,
                    IdentityId = content.AuthorId,
                    UserId = caller.User.Id,
                    CreatedAt = now,
                };
                intervention.Id = intervention.RowKey[2..];
                head.InterventionsCount++;
                type = "intervention.opened";
            }
            intervention.UpdatedAt = now;
            head.SetActive(intervention.Id, intervention.UserId);
            head.UpdatedAt = now;
            content.InterventionId = intervention.Id;
            content.Status = "assigned";
            content.UpdatedAt = now;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, head, head.ETag),
                previous == intervention ? new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag) : new(TableTransactionActionType.Add, intervention),
                new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, type, "intervention", intervention.Id, caller.User.Id, now)),
            };
            actions.AddRange(ThreadPartition.ReplaceContent(content));
            await partition.SubmitAsync(actions, cancellationToken);
            return intervention.ToView();
        }, cancellationToken), cancellationToken);
    }

    /// <summary><c>GET /1.0/interventions/{id}</c>.</summary>
    public async Task<InterventionView> GetAsync(Caller caller, string id, CancellationToken cancellationToken) =>
        await groupOf.FillAsync((await FindReadableAsync(caller, id, cancellationToken)).ToView(), cancellationToken);

    /// <summary>
    /// <c>GET /1.0/interventions</c>: interventions on sources the caller may read, newest first by
    /// <c>created_at</c> or <c>updated_at</c>, filtered by <paramref name="filter"/>. With a thread the thread's
    /// partition answers; without, the intervention list (<see cref="InterventionIndex"/>), then one point read per
    /// intervention of the page. <c>identity_group_id</c> becomes the group's identity ids (one point read of the group).
    /// </summary>
    public async Task<ListView<InterventionView>> ListAsync(Caller caller, Paging paging, InterventionListFilter filter, CancellationToken cancellationToken)
    {
        if (filter.IdentityGroupId is not null)
        {
            // A customer's interventions are those of the group's identities (one point read of the group).
            var group = await groups.FindAsync(filter.IdentityGroupId, cancellationToken);
            var members = group is null ? [] : IdentityGroups.IdentityGroupStore.MembersOf(group).Keys.ToList();
            var ids = filter.IdentityIds.Count == 0 ? members : filter.IdentityIds.Intersect(members).ToList();
            if (ids.Count == 0)
            {
                _ = filter.Position(paging);
                return new(0, paging.Offset, paging.Limit, []);
            }
            filter = filter with { IdentityIds = ids, IdentityGroupId = null };
        }
        if (filter.ThreadId is not null)
        {
            var thread = await threads.FindThreadAsync(filter.ThreadId, cancellationToken);
            if (thread is null || !caller.CanReadSource(thread.SourceId))
            {
                _ = filter.Position(paging);
                return new(0, paging.Offset, paging.Limit, []);
            }
            var matching = (await partition.ListInterventionsAsync(thread, cancellationToken)).Where(v => filter.Matches(v.ThreadId, v.UserId, v.IdentityId, v.Status));
            var inThread = Keyset.Page(matching, v => filter.Key(v.CreatedAt, v.UpdatedAt, v.Id), paging, InterventionListFilter.List, filter.Order);
            return new(inThread.Count, paging.Offset, paging.Limit, await groupOf.FillAsync(inThread.Records.Select(v => v.ToView()).ToList(), cancellationToken), inThread.NextCursor);
        }
        var readable = await sources.IdsAsync(caller.CanReadSource, cancellationToken);
        // The count needs every matching row, so the rows are read once and the cursor applies in memory; only the page is point-read.
        var rows = Keyset.Page(await interventionIndex.QueryAsync(readable, filter, cancellationToken), r => filter.Key(r.CreatedAt, r.UpdatedAt, r.InterventionId), paging, InterventionListFilter.List, filter.Order);
        var found = await Task.WhenAll(rows.Records.Select(r => partition.FindInterventionAsync(r.InterventionId, cancellationToken)));
        return new(rows.Count, paging.Offset, paging.Limit, await groupOf.FillAsync(found.OfType<InterventionEntity>().Select(v => v.ToView()).ToList(), cancellationToken), rows.NextCursor);
    }

    /// <summary>
    /// <c>PUT /1.0/interventions/{id}/close</c>: accepts the close (status <c>closing</c>) and announces it to the
    /// <c>dispositions</c> queue; <c>category_ids[]</c> given here become the disposition (422 <c>unknown_category</c>
    /// when one names no category).
    /// </summary>
    public async Task<InterventionView> CloseAsync(Caller caller, string id, IReadOnlyList<string> categoryIds, CancellationToken cancellationToken)
    {
        if (!EngageId.IsValid(id)) throw EngageException.NotFound("Intervention");
        return await WithGroupAsync(announced.RunAsync(EngageId.BucketOfId(id), StorageNames.DispositionsQueue, async eventId =>
        {
            var intervention = await FindReadableAsync(caller, id, cancellationToken);
            RequireInCharge(caller, intervention);
            switch (intervention.Status)
            {
                case InterventionStatus.Closing:
                    throw new EngageException(409, "close_in_progress", "A close of this intervention is already in progress.");
                case InterventionStatus.Closed or InterventionStatus.Canceled:
                    throw new EngageException(403, "intervention_closed", "The intervention is already closed.");
            }
            if (intervention.UserRepliesCount == 0)
            {
                throw new EngageException(403, "no_agent_reply", "An intervention can be closed only after an agent reply; cancel it instead.");
            }
            await categories.RequireExistAsync(categoryIds, cancellationToken);
            var now = time.GetUtcNow();
            intervention.Status = InterventionStatus.Closing;
            intervention.PendingCategoryIdsJson = categoryIds.Count > 0 ? JsonSerializer.Serialize(categoryIds) : null;
            intervention.UpdatedAt = now;
            var head = ThreadOf(intervention);
            await partition.ReplaceWithEventAsync(intervention, head, eventId, "intervention.closing", "intervention", intervention.Id, caller.User.Id, now, cancellationToken);
            return intervention.ToView();
        }, cancellationToken), cancellationToken);
    }

    /// <summary><c>DELETE /1.0/interventions/{id}/cancel</c>: allowed only before any agent reply.</summary>
    public async Task<InterventionView> CancelAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (!EngageId.IsValid(id)) throw EngageException.NotFound("Intervention");
        return await WithGroupAsync(announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var intervention = await FindReadableAsync(caller, id, cancellationToken);
            RequireInCharge(caller, intervention);
            if (!InterventionStatus.IsOpen(intervention.Status)) throw new EngageException(403, "intervention_closed", "The intervention is not open.");
            if (intervention.UserRepliesCount > 0) throw new EngageException(403, "agent_replied", "An agent replied: close the intervention instead of canceling it.");
            var head = await partition.HeadAsync(intervention.ThreadId, cancellationToken);
            var now = time.GetUtcNow();
            intervention.Status = InterventionStatus.Canceled;
            intervention.ClosedAt = now;
            intervention.UpdatedAt = now;
            if (head.ActiveInterventionId == intervention.Id) head.SetActive(null, null);
            head.UpdatedAt = now;
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag),
                new(TableTransactionActionType.UpdateReplace, head, head.ETag),
                new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, "intervention.canceled", "intervention", intervention.Id, caller.User.Id, now)),
            };
            await partition.SubmitAsync(actions, cancellationToken);
            return intervention.ToView();
        }, cancellationToken), cancellationToken);
    }

    /// <summary><c>PUT /1.0/interventions/{id}/reassign?user_id=</c>: hands an open intervention to another enabled user.</summary>
    /// <exception cref="EngageException">403 not in charge; 403 when not open; 422 for an unknown or disabled user.</exception>
    public async Task<InterventionView> ReassignAsync(Caller caller, string id, string? userId, CancellationToken cancellationToken)
    {
        if (userId is null) throw EngageException.Unprocessable("missing_parameter", "user_id is required.");
        var user = await users.FindUserAsync(userId, cancellationToken);
        if (user is null || !user.Enabled) throw EngageException.Unprocessable("invalid_parameter", "user_id names no enabled user.");
        // The head keeps the active intervention's user for search (assigned_to:), so it changes in the same transaction.
        return await UpdateAsync(caller, id, "intervention.user_updated", v => v.UserId = user.Id, cancellationToken,
            changeHead: (head, v) => { if (head.ActiveInterventionId == v.Id) head.SetActive(v.Id, v.UserId); });
    }

    /// <summary>
    /// <c>PUT /1.0/interventions/{id}</c> with <c>custom_field_values[key]=v</c> (or <c>[key][]=v1</c> for several):
    /// merges the values into the intervention's custom fields; an empty value removes the key. A key with a custom
    /// field of <c>Intervention</c> (<c>/1.0/custom_fields</c>) is checked and stored typed; a key without one is stored
    /// as given (a string, or an array for several). The <c>intervention.custom_fields_updated</c> event's metadata adds
    /// <c>changed_custom_field_values</c>: each key this write changed, with its new value (null when removed).
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_custom_field_value</c> or <c>read_only_custom_field</c>; then as <c>UpdateAsync</c>.</exception>
    public async Task<InterventionView> UpdateCustomFieldsAsync(Caller caller, string id, IReadOnlyDictionary<string, IReadOnlyList<string>> values, CancellationToken cancellationToken)
    {
        var definitions = values.Count == 0 ? new Dictionary<string, Domain.Profiles.CustomFieldDefinition>() : await customFields.DefinitionsAsync("Intervention", cancellationToken);
        var converted = values.ToDictionary(v => v.Key, v =>
        {
            if (definitions.GetValueOrDefault(v.Key) is { } definition) return IdentityGroups.IdentityGroupService.ToNode(Domain.Profiles.CustomFieldValues.Convert(definition, v.Value));
            var kept = v.Value.Where(x => x.Length > 0).ToList();
            return kept.Count == 0 ? null : JsonSerializer.SerializeToNode<object>(kept.Count == 1 ? kept[0] : kept);
        });
        var changed = new System.Text.Json.Nodes.JsonObject();
        return await UpdateAsync(caller, id, "intervention.custom_fields_updated", v =>
        {
            var fields = System.Text.Json.Nodes.JsonNode.Parse(v.CustomFieldsJson) as System.Text.Json.Nodes.JsonObject ?? [];
            changed = Domain.Profiles.CustomFieldValues.Apply(fields, converted);
            v.CustomFieldsJson = fields.ToJsonString();
        }, cancellationToken, unchanged: () => changed.Count == 0, snapshot: v =>
        {
            // The event says what this write changed: each key with its new value, null when removed (added to the view when committed).
            return new System.Text.Json.Nodes.JsonObject { ["changed_custom_field_values"] = changed.DeepClone() }.ToJsonString(Json.ContractJson.Options);
        });
    }

    /// <summary><c>PUT /1.0/interventions/{id}/update_categories</c> with <c>category_ids[]</c>: replaces the disposition.</summary>
    /// <exception cref="EngageException">422 <c>unknown_category</c> naming ids that name no category; then as <c>UpdateAsync</c>.</exception>
    public Task<InterventionView> UpdateCategoriesAsync(Caller caller, string id, IReadOnlyList<string> categoryIds, CancellationToken cancellationToken) =>
        UpdateAsync(caller, id, "intervention.recategorized", v => v.CategoryIdsJson = JsonSerializer.Serialize(categoryIds.Distinct().ToList()), cancellationToken,
            check: () => categories.RequireExistAsync(categoryIds, cancellationToken));

    /// <summary>
    /// Changes an open intervention in the caller's charge; <paramref name="check"/> runs after the permission and state
    /// checks; when <paramref name="unchanged"/> says the change changed nothing, nothing is written.
    /// </summary>
    private async Task<InterventionView> UpdateAsync(Caller caller, string id, string eventType, Action<InterventionEntity> change, CancellationToken cancellationToken, Func<Task>? check = null, Action<ThreadEntity, InterventionEntity>? changeHead = null, Func<InterventionEntity, string>? snapshot = null, Func<bool>? unchanged = null)
    {
        if (!EngageId.IsValid(id)) throw EngageException.NotFound("Intervention");
        return await WithGroupAsync(announced.RunAsync(EngageId.BucketOfId(id), StorageNames.OutboxQueue, async eventId =>
        {
            var intervention = await FindReadableAsync(caller, id, cancellationToken);
            RequireInCharge(caller, intervention);
            if (!InterventionStatus.IsOpen(intervention.Status)) throw new EngageException(403, "intervention_closed", "The intervention is not open.");
            if (check is not null) await check();
            var now = time.GetUtcNow();
            change(intervention);
            // Nothing to record: no write, no event (every event is a state change).
            if (unchanged?.Invoke() == true) throw new NothingToWrite(intervention.ToView());
            intervention.UpdatedAt = now;
            if (changeHead is not null)
            {
                var head = await partition.HeadAsync(intervention.ThreadId, cancellationToken);
                changeHead(head, intervention);
                head.UpdatedAt = now;
                await partition.SubmitAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, intervention, intervention.ETag),
                    new(TableTransactionActionType.UpdateReplace, head, head.ETag),
                    new(TableTransactionActionType.Add, ThreadPartition.Outbox(head, eventId, eventType, "intervention", intervention.Id, caller.User.Id, now)),
                ], cancellationToken);
                return intervention.ToView();
            }
            await partition.ReplaceWithEventAsync(intervention, ThreadOf(intervention), eventId, eventType, "intervention", intervention.Id, caller.User.Id, now, cancellationToken, snapshot?.Invoke(intervention));
            return intervention.ToView();
        }, cancellationToken), cancellationToken);
    }

    // Every answered intervention names its identity's group (read now: a merge may have moved the identity).
    private async Task<InterventionView> WithGroupAsync(Task<InterventionView> view, CancellationToken cancellationToken) =>
        await groupOf.FillAsync(await view, cancellationToken);

    // The thread's keys and ids, enough to name it in an outbox row without reading its head.
    private static ThreadEntity ThreadOf(InterventionEntity v) => new() { PartitionKey = v.PartitionKey, RowKey = v.ThreadRowKey, Id = v.ThreadId, SourceId = v.SourceId };

    private async Task<InterventionEntity> FindReadableAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var intervention = await partition.FindInterventionAsync(id, cancellationToken);
        return intervention is not null && caller.CanReadSource(intervention.SourceId) ? intervention : throw EngageException.NotFound("Intervention");
    }

    private static void RequireInCharge(Caller caller, InterventionEntity intervention)
    {
        if (intervention.UserId != caller.User.Id && !caller.Can("update_intervention"))
        {
            throw EngageException.Forbidden("Only the intervention's user, or a user with update_intervention, may do this.");
        }
    }
}
