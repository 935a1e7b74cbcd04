using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Json;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Profiles;

namespace Engage.Application.IdentityGroups;

/// <summary>
/// Identity groups (table <c>IdentityGroups</c>, one partition per group, the profile row at RowKey ""). Every write of
/// a profile row is guarded by its ETag; callers reread and decide again on 412.
/// </summary>
public sealed class IdentityGroupStore(EngageStorage storage)
{
    /// <summary>Attempts before a write that keeps losing the ETag race gives up.</summary>
    public const int MaxAttempts = 10;

    private TableClient Table => storage.Table(StorageNames.IdentityGroupsTable);

    /// <summary>One group by id, or null (one point read; a malformed id is null).</summary>
    public Task<IdentityGroupEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id) ? Table.FindAsync<IdentityGroupEntity>(id, string.Empty, cancellationToken) : Task.FromResult<IdentityGroupEntity?>(null);

    /// <summary>Every group (a scan of the profile rows of the table).</summary>
    public Task<List<IdentityGroupEntity>> ListAsync(CancellationToken cancellationToken) =>
        Table.AllAsync<IdentityGroupEntity>(TableClient.CreateQueryFilter($"RowKey eq {string.Empty}"), cancellationToken);

    /// <summary>A new group holding one identity, its profile taken from the identity's own fields.</summary>
    public static IdentityGroupEntity New(string id, string identityId, string sourceId, JsonObject profile, DateTimeOffset now)
    {
        var group = new IdentityGroupEntity { PartitionKey = id, RowKey = string.Empty, Id = id, CreatedAt = now, UpdatedAt = now };
        SetProfile(group, profile);
        SetMembers(group, new Dictionary<string, string> { [identityId] = sourceId });
        return group;
    }

    /// <summary>Submits actions on one group's partition (its profile row, ETag-guarded, and any outbox row).</summary>
    public Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.IdentityGroupsTable, actions, cancellationToken);

    /// <summary>As <see cref="SubmitAsync"/>; false when an ETag or an Add lost its race (412 or 409).</summary>
    public Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        storage.TrySubmitAsync(StorageNames.IdentityGroupsTable, actions, cancellationToken);

    /// <summary>Deletes a group's profile row if it exists (best effort after a lost creation race).</summary>
    public Task<bool> TryDeleteAsync(IdentityGroupEntity group, CancellationToken cancellationToken) =>
        storage.TrySubmitAsync(StorageNames.IdentityGroupsTable, [new(TableTransactionActionType.Delete, group, Azure.ETag.All)], cancellationToken);

    /// <summary>
    /// Folds an identity's own fields into its group (fill what is empty, add new emails and phones), rereading on a lost
    /// ETag race. When the group no longer lists the identity (a merge or unmerge moved it meanwhile), follows it to the
    /// group <paramref name="currentGroupOf"/> names now, so what a message brings reaches the group the identity ends in.
    /// Cost: one point read, and one write when something changed.
    /// </summary>
    public async Task FoldIdentityAsync(string groupId, string identityId, JsonObject identityProfile, Func<Task<string?>> currentGroupOf, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Add(groupId))
        {
            if (await FoldAsync(groupId, identityProfile, now, cancellationToken, member: identityId)) return;
            if (await currentGroupOf() is not { } next) return;
            groupId = next;
        }
    }

    /// <summary>
    /// Folds <paramref name="other"/> into group <paramref name="groupId"/> (see <see cref="ProfileFold"/>), rereading on a
    /// lost ETag race. False when the group does not exist, or does not list <paramref name="member"/> when given.
    /// </summary>
    public async Task<bool> FoldAsync(string groupId, JsonObject other, DateTimeOffset now, CancellationToken cancellationToken, string? member = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var group = await FindAsync(groupId, cancellationToken);
            if (group is null || (member is not null && !MembersOf(group).ContainsKey(member))) return false;
            var profile = ProfileOf(group);
            if (!ProfileFold.Into(profile, other)) return true;
            SetProfile(group, profile);
            group.UpdatedAt = now;
            if (await storage.TrySubmitAsync(StorageNames.IdentityGroupsTable, [new(TableTransactionActionType.UpdateReplace, group, group.ETag)], cancellationToken)) return true;
            if (attempt >= MaxAttempts) throw new InvalidOperationException($"Identity group {groupId} kept changing.");
        }
    }

    /// <summary>The profile JSON object.</summary>
    public static JsonObject ProfileOf(IdentityGroupEntity group) => JsonNode.Parse(group.ProfileJson) as JsonObject ?? [];

    /// <summary>Stores the profile JSON object.</summary>
    public static void SetProfile(IdentityGroupEntity group, JsonObject profile) => group.ProfileJson = profile.ToJsonString();

    /// <summary>The identities of the group, each with its source, in the order they joined.</summary>
    public static Dictionary<string, string> MembersOf(IdentityGroupEntity group) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(group.IdentityIdsJson) ?? [];

    /// <summary>Stores the identities of the group and their sources.</summary>
    public static void SetMembers(IdentityGroupEntity group, Dictionary<string, string> members)
    {
        group.IdentityIdsJson = JsonSerializer.Serialize(members);
        group.SourceIdsJson = JsonSerializer.Serialize(members.Values.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The identities being moved out of the group, with where to and since when.</summary>
    public static Dictionary<string, Departure> LeavingOf(IdentityGroupEntity group) =>
        JsonSerializer.Deserialize<Dictionary<string, Departure>>(string.IsNullOrEmpty(group.LeavingJson) ? "{}" : group.LeavingJson) ?? [];

    /// <summary>
    /// Stores the departures. Old ones stay (they no longer block other moves, see <see cref="Departure.IsFresh"/>): a move
    /// whose step two is late still finds its claim, and the next move of that identity replaces it.
    /// </summary>
    public static void SetLeaving(IdentityGroupEntity group, Dictionary<string, Departure> leaving) =>
        group.LeavingJson = JsonSerializer.Serialize(leaving);

    /// <summary>The sources of the group's identities.</summary>
    public static IReadOnlyList<string> SourcesOf(IdentityGroupEntity group) => JsonSerializer.Deserialize<List<string>>(group.SourceIdsJson) ?? [];

    /// <summary>The contract's JSON shape of a group.</summary>
    public static IdentityGroupView ToView(IdentityGroupEntity group)
    {
        var p = ProfileOf(group);
        return new(
            group.Id, ProfileFields.Text(p, "firstname"), ProfileFields.Text(p, "lastname"), ProfileFields.Text(p, "company"),
            ProfileFields.Text(p, "gender"), ProfileFields.Text(p, "notes"), ProfileFields.Text(p, "avatar_url"),
            ProfileFields.Strings(p, "emails"), ProfileFields.Strings(p, "home_phones"), ProfileFields.Strings(p, "mobile_phones"),
            ProfileFields.Strings(p, "tag_ids"), (p[ProfileFields.CustomFieldValues] as JsonObject)?.DeepClone().AsObject() ?? [],
            MembersOf(group).Keys.ToList(), group.CreatedAt, group.UpdatedAt);
    }
}
