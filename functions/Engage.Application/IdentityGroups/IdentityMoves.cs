using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Identities;
using Engage.Application.Json;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;
using Engage.Domain.Profiles;

namespace Engage.Application.IdentityGroups;

/// <summary>
/// Moves an identity from its group to another: <c>PUT /1.0/identity_groups/{id}/merge</c> (the contract's
/// <c>mergeIdentityGroup</c>: into an existing group, whose attributes win; the identity's old profile is folded in so
/// nothing is lost) and <c>PUT /1.0/identity_groups/{id}/unmerge</c> (ours: out into a new group made from the
/// identity's own fields). Both need <c>update_identity</c> and emit <c>identity.merged</c> / <c>identity.unmerged</c>
/// whose metadata is the identity with <c>old_identity_group_id</c> and <c>new_identity_group_id</c>.
/// <para>
/// Three partitions change, so the move is two steps, after a claim. The claim (step zero) marks the identity as leaving in
/// the group it is in (<see cref="Departure"/>, under that group's ETag): a second move of the same identity then gets 409
/// <c>move_in_progress</c>, an unmerge that would leave the group empty gets 422 <c>last_identity</c> even when racing
/// another, and a merge into a group whose every identity is leaving gets 409 (two groups merged into each other at
/// once would swap their identities). First, one transaction on the new group: its profile (the
/// identity joined, the old profile folded in) and an outbox row. Then <c>FinishAsync</c> points the identity at
/// the new group and takes it out of the old one (deleted when empty); the outbox dispatcher runs it again before
/// sending the event, so a crash between the steps is finished there. A message that changes the identity meanwhile
/// loses the identity's ETag race and is folded into whichever group the identity then names.
/// </para>
/// </summary>
public sealed class IdentityMoves(IdentityGroupStore store, IdentityStore identities, OutboxAnnouncer announcer, TimeProvider time)
{
    /// <summary>The permission merges and unmerges need (the contract: "only users which can update identities").</summary>
    public const string Permission = "update_identity";

    /// <summary>Merges <paramref name="identityId"/> into group <paramref name="groupId"/>; answers the group.</summary>
    /// <exception cref="EngageException">
    /// 403 without <c>update_identity</c>; 404 unknown or not visible group; 422 <c>missing_parameter</c>, or
    /// <c>invalid_parameter</c> for an identity that does not exist or is not visible.
    /// </exception>
    public async Task<IdentityGroupView> MergeAsync(Caller caller, string groupId, string? identityId, CancellationToken cancellationToken)
    {
        var (target, identity) = await CheckAsync(caller, groupId, identityId, cancellationToken);
        if (identity.IdentityGroupId == target.Id && IdentityGroupStore.MembersOf(target).ContainsKey(identity.Id)) return IdentityGroupStore.ToView(target);
        var moved = await MoveAsync(caller, identity, target.Id, create: false, "identity.merged", cancellationToken);
        return IdentityGroupStore.ToView(moved);
    }

    /// <summary>Takes <paramref name="identityId"/> out of group <paramref name="groupId"/> into a new group; answers the group it left.</summary>
    /// <exception cref="EngageException">
    /// As <see cref="MergeAsync"/>; 422 <c>identity_not_in_group</c>; 422 <c>last_identity</c> when it is the group's only identity.
    /// </exception>
    public async Task<IdentityGroupView> UnmergeAsync(Caller caller, string groupId, string? identityId, CancellationToken cancellationToken)
    {
        var (group, identity) = await CheckAsync(caller, groupId, identityId, cancellationToken);
        var members = IdentityGroupStore.MembersOf(group);
        if (identity.IdentityGroupId != group.Id || !members.ContainsKey(identity.Id))
        {
            throw EngageException.Unprocessable("identity_not_in_group", $"Identity {identity.Id} is not in identity group {group.Id}.");
        }
        if (members.Count == 1) throw EngageException.Unprocessable("last_identity", "The identity is the group's only identity: there is nothing to unmerge.");
        await MoveAsync(caller, identity, EngageId.New(time.GetUtcNow()), create: true, "identity.unmerged", cancellationToken);
        return IdentityGroupStore.ToView(await store.FindAsync(group.Id, cancellationToken) ?? group);
    }

    private async Task<(IdentityGroupEntity Group, IdentityEntity Identity)> CheckAsync(Caller caller, string groupId, string? identityId, CancellationToken cancellationToken)
    {
        caller.Require(Permission);
        var group = await store.FindAsync(groupId, cancellationToken);
        if (group is null || !IdentityGroupStore.SourcesOf(group).Any(caller.CanReadSource)) throw EngageException.NotFound("Identity group");
        if (identityId is null) throw EngageException.Unprocessable("missing_parameter", "associated_identity_id is required.");
        var identity = await identities.FindByIdAsync(identityId, cancellationToken);
        if (identity is null || !caller.CanReadSource(identity.SourceId))
        {
            throw EngageException.Unprocessable("invalid_parameter", $"associated_identity_id names no identity: {identityId}.");
        }
        return (group, identity);
    }

    // Step one (the new group and the outbox row, one transaction), then step two inline.
    private async Task<IdentityGroupEntity> MoveAsync(Caller caller, IdentityEntity identity, string targetId, bool create, string eventType, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var eventId = EngageId.New(now);
        var rowKey = "o|" + eventId;
        var claimedFrom = await ClaimDepartureAsync(identity.Id, targetId, isUnmerge: create, now, cancellationToken);
        Azure.Storage.Queues.Models.SendReceipt? receipt = null;
        IdentityGroupEntity target;
        string? oldGroupId;
        try
        {
            receipt = await announcer.AnnounceAsync(
                new OutboxMessage(StorageNames.IdentityGroupsTable, targetId, rowKey, OutboxAnnouncer.RefusalKey(eventId), identity.SourceId), cancellationToken);
            for (var attempt = 1; ; attempt++)
            {
                identity = await identities.FindByIdAsync(identity.Id, cancellationToken) ?? throw EngageException.NotFound("Identity");
                oldGroupId = identity.IdentityGroupId;
                if (oldGroupId != claimedFrom) throw MoveInProgress(identity.Id);
                var old = oldGroupId is null || oldGroupId == targetId ? null : await store.FindAsync(oldGroupId, cancellationToken);
                target = create
                    ? IdentityGroupStore.New(targetId, identity.Id, identity.SourceId, IdentityStore.ProfileOf(identity), now)
                    : await store.FindAsync(targetId, cancellationToken) ?? throw EngageException.NotFound("Identity group");
                if (!create && BeingEmptied(target, now))
                {
                    throw new EngageException(409, "move_in_progress", $"Every identity of identity group {targetId} is being moved out of it; merge into the group they go to.");
                }
                var profile = IdentityGroupStore.ProfileOf(target);
                // Merging keeps everything the old profile held; unmerging starts from the identity's own fields.
                if (!create && old is not null) ProfileFold.Into(profile, IdentityGroupStore.ProfileOf(old));
                ProfileFold.Into(profile, IdentityStore.ProfileOf(identity));
                IdentityGroupStore.SetProfile(target, profile);
                var members = IdentityGroupStore.MembersOf(target);
                members[identity.Id] = identity.SourceId;
                IdentityGroupStore.SetMembers(target, members);
                target.UpdatedAt = now;
                var metadata = JsonSerializer.SerializeToNode(identity.ToView() with { IdentityGroupId = targetId }, ContractJson.Options)!.AsObject();
                metadata["old_identity_group_id"] = oldGroupId;
                metadata["new_identity_group_id"] = targetId;
                var row = new OutboxEntity
                {
                    PartitionKey = targetId, RowKey = rowKey, EventId = eventId, Type = eventType, IssuedAt = now, SourceId = identity.SourceId,
                    ResourceType = "identity", ResourceId = identity.Id, UserId = caller.User.Id, MetadataJson = metadata.ToJsonString(ContractJson.Options),
                };
                try
                {
                    await store.SubmitAsync(
                    [
                        create ? new(TableTransactionActionType.Add, target) : new(TableTransactionActionType.UpdateReplace, target, target.ETag),
                        new(TableTransactionActionType.Add, row),
                    ], cancellationToken);
                    break;
                }
                catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < IdentityGroupStore.MaxAttempts && !create)
                {
                    // The group changed meanwhile: fold again onto what is there now.
                }
            }
        }
        catch (Exception e) when (e is EngageException or TableLimitException or Azure.RequestFailedException { Status: >= 400 and < 500 })
        {
            // Refused for certain, so nothing of step one committed: take back the announcement and the claim.
            if (receipt is not null && !await announcer.WithdrawAsync(receipt, CancellationToken.None))
            {
                await store.SubmitAsync([new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = targetId, RowKey = OutboxAnnouncer.RefusalKey(eventId) })], CancellationToken.None);
            }
            if (claimedFrom is not null) await ReleaseDepartureAsync(claimedFrom, identity.Id, targetId, CancellationToken.None);
            throw;
        }
        await FinishAsync(identity.Id, oldGroupId, targetId, create, cancellationToken);
        return await store.FindAsync(targetId, cancellationToken) ?? target;
    }

    /// <summary>
    /// Step two of a move, idempotent: the identity names <paramref name="newGroupId"/> (its fields folded in once it
    /// does), and <paramref name="oldGroupId"/> no longer lists it (and is deleted when that leaves it empty); for a merge,
    /// what reached the old group meanwhile is folded into the new one first.
    /// </summary>
    public async Task FinishAsync(string identityId, string? oldGroupId, string newGroupId, bool isUnmerge, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Only a move still under way is finished: its claim is on the old group until its last step. A repeat that comes
        // after it finished, or after later moves took the identity elsewhere and back, must not undo them.
        if (!await PendingAsync(identityId, oldGroupId, newGroupId, cancellationToken)) return;
        IdentityEntity? identity;
        for (var attempt = 1; ; attempt++)
        {
            identity = await identities.FindByIdAsync(identityId, cancellationToken);
            if (identity is null) return;
            // A later move already took it elsewhere: that move finishes its own work.
            if (identity.IdentityGroupId != oldGroupId && identity.IdentityGroupId != newGroupId) return;
            if (identity.IdentityGroupId == newGroupId) break;
            identity.IdentityGroupId = newGroupId;
            try
            {
                await identities.SaveAsync(identity, cancellationToken);
                break;
            }
            catch (Azure.RequestFailedException e) when (e.IsConflict() && attempt < IdentityGroupStore.MaxAttempts)
            {
                // A message changed the identity meanwhile: read it again.
            }
        }
        // What messages wrote to the identity up to the read above reaches the new group now; later ones see the new
        // group on the identity and fold there themselves.
        await store.FoldAsync(newGroupId, IdentityStore.ProfileOf(identity), now, cancellationToken);
        if (oldGroupId is null || oldGroupId == newGroupId) return;
        for (var attempt = 1; ; attempt++)
        {
            var old = await store.FindAsync(oldGroupId, cancellationToken);
            if (old is null) return;
            var members = IdentityGroupStore.MembersOf(old);
            var leaving = IdentityGroupStore.LeavingOf(old);
            // Not this move's claim: done already (a repeat), or another move's doing.
            if (!leaving.TryGetValue(identityId, out var claim) || claim.To != newGroupId) return;
            members.Remove(identityId);
            leaving.Remove(identityId);
            IdentityGroupStore.SetLeaving(old, leaving);
            // A message may have reached the old group since step one: carry it over before the identity leaves (a merge only).
            if (!isUnmerge) await store.FoldAsync(newGroupId, IdentityGroupStore.ProfileOf(old), now, cancellationToken);
            IdentityGroupStore.SetMembers(old, members);
            old.UpdatedAt = now;
            var action = members.Count == 0
                ? new TableTransactionAction(TableTransactionActionType.Delete, old, old.ETag)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, old, old.ETag);
            try
            {
                await store.SubmitAsync([action], cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404)
            {
                // The other finisher of this move (request or outbox dispatch) deleted the emptied group first: done.
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < IdentityGroupStore.MaxAttempts)
            {
                // Someone wrote the old group meanwhile: read it again.
            }
        }
    }

    // A move with an old group is pending while its claim is there; one without (an identity that had no group) while
    // its new group lists the identity that does not name it yet.
    private async Task<bool> PendingAsync(string identityId, string? oldGroupId, string newGroupId, CancellationToken cancellationToken)
    {
        if (oldGroupId is not null && oldGroupId != newGroupId)
        {
            var old = await store.FindAsync(oldGroupId, cancellationToken);
            return old is not null && IdentityGroupStore.LeavingOf(old).TryGetValue(identityId, out var claim) && claim.To == newGroupId;
        }
        var target = await store.FindAsync(newGroupId, cancellationToken);
        return target is not null && IdentityGroupStore.MembersOf(target).ContainsKey(identityId);
    }

    /// <summary>
    /// Step zero: marks <paramref name="identityId"/> as leaving the group it is in, for <paramref name="targetId"/>, under
    /// that group's ETag. Returns the group (null when the identity has none to leave).
    /// </summary>
    /// <exception cref="EngageException">409 <c>move_in_progress</c>: another move of the identity holds it; 422 <c>last_identity</c> for an unmerge that would empty the group.</exception>
    private async Task<string?> ClaimDepartureAsync(string identityId, string targetId, bool isUnmerge, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var identity = await identities.FindByIdAsync(identityId, cancellationToken) ?? throw EngageException.NotFound("Identity");
            var oldGroupId = identity.IdentityGroupId;
            if (oldGroupId is null || oldGroupId == targetId) return null;
            var old = await store.FindAsync(oldGroupId, cancellationToken);
            var members = old is null ? [] : IdentityGroupStore.MembersOf(old);
            // The identity names a group that does not list it: another move is between its steps.
            if (old is null || !members.ContainsKey(identityId)) throw MoveInProgress(identityId);
            var leaving = IdentityGroupStore.LeavingOf(old);
            if (leaving.TryGetValue(identityId, out var held) && held.IsFresh(now)) throw MoveInProgress(identityId);
            var othersLeaving = leaving.Count(d => d.Key != identityId && d.Value.IsFresh(now) && members.ContainsKey(d.Key));
            if (isUnmerge && members.Count - othersLeaving <= 1)
            {
                throw EngageException.Unprocessable("last_identity", "The identity is the group's only identity (others are being moved out): there is nothing to unmerge.");
            }
            leaving[identityId] = new Departure(targetId, now);
            IdentityGroupStore.SetLeaving(old, leaving);
            try
            {
                await store.SubmitAsync([new(TableTransactionActionType.UpdateReplace, old, old.ETag)], cancellationToken);
                return oldGroupId;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412 && attempt < IdentityGroupStore.MaxAttempts)
            {
                // The group changed meanwhile: decide again on what it holds now.
            }
        }
    }

    // Takes back a claim whose move was refused; a claim another move took over meanwhile is left alone.
    private async Task ReleaseDepartureAsync(string groupId, string identityId, string targetId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= IdentityGroupStore.MaxAttempts; attempt++)
        {
            var group = await store.FindAsync(groupId, cancellationToken);
            if (group is null) return;
            var leaving = IdentityGroupStore.LeavingOf(group);
            if (!leaving.TryGetValue(identityId, out var held) || held.To != targetId) return;
            leaving.Remove(identityId);
            IdentityGroupStore.SetLeaving(group, leaving);
            if (await store.TrySubmitAsync([new(TableTransactionActionType.UpdateReplace, group, group.ETag)], cancellationToken)) return;
        }
    }

    // A group all of whose identities are being moved out is about to be deleted: nothing may join it.
    private static bool BeingEmptied(IdentityGroupEntity group, DateTimeOffset now)
    {
        var members = IdentityGroupStore.MembersOf(group);
        var leaving = IdentityGroupStore.LeavingOf(group);
        return members.Count > 0 && members.Keys.All(m => leaving.TryGetValue(m, out var d) && d.IsFresh(now));
    }

    private static EngageException MoveInProgress(string identityId) =>
        new(409, "move_in_progress", $"Identity {identityId} is being moved by another merge or unmerge; try again once it is done.");

    /// <summary>Step two for an outbox row of a move (the dispatcher's call): its groups are in the row's metadata.</summary>
    public Task FinishAsync(OutboxEntity row, CancellationToken cancellationToken)
    {
        var metadata = JsonNode.Parse(row.MetadataJson ?? "{}");
        return FinishAsync(row.ResourceId, metadata?["old_identity_group_id"]?.GetValue<string>(), row.PartitionKey, row.Type == "identity.unmerged", cancellationToken);
    }
}
