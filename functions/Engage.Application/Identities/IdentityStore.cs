using Azure.Data.Tables;
using Engage.Application.IdentityGroups;
using Engage.Application.Ids;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Channel;
using Engage.Domain.Ids;
using Engage.Domain.Profiles;
using Microsoft.Extensions.Caching.Memory;

namespace Engage.Application.Identities;

/// <summary>
/// Identities (table <c>Identities</c>, partition = bucket of (source, foreign id)) and their per-source index
/// (table <c>IdentityIndex</c>). The mapping (source, foreign id) to identity id never changes once made, so it
/// is cached in process with the fingerprint of the fields last stored: a known author whose fields did not
/// change costs no storage operation. Every new identity gets its own identity group (customer profile), made from the
/// author's fields; later changes of those fields are folded into the group (filling what is empty, adding new emails
/// and phones), never overwriting what an agent or bot wrote there.
/// </summary>
public sealed class IdentityStore(EngageStorage storage, IdentityGroupStore groups, IMemoryCache cache)
{
    private TableClient Table => storage.Table(StorageNames.IdentitiesTable);

    /// <summary>
    /// The id of <paramref name="user"/>'s puppet identity on <paramref name="sourceId"/> (foreign id
    /// <c>engage-user:{user id}</c>, created on first use): the author of that user's replies and new discussions.
    /// </summary>
    public Task<string> EnsurePuppetAsync(UserEntity user, string sourceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = user.Nickname ?? string.Join(' ', new[] { user.Firstname, user.Lastname }.Where(n => !string.IsNullOrEmpty(n)));
        var puppet = new SdkUser("engage-user:" + user.Id, name.Length > 0 ? name : user.Email, user.Firstname, user.Lastname, null, null, null, null, null, null);
        return EnsureAsync(sourceId, puppet, now, cancellationToken);
    }

    /// <summary>
    /// The id of the identity of <paramref name="author"/> on <paramref name="sourceId"/>, creating or updating
    /// it. Costs nothing when cached and unchanged; one point read on a cache miss; one write when the fields
    /// changed; two transactions (identity, index) when new.
    /// </summary>
    public async Task<string> EnsureAsync(string sourceId, SdkUser author, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cacheKey = ("identity", sourceId, author.Id);
        if (cache.TryGetValue(cacheKey, out (string Id, string Fingerprint) known) && known.Fingerprint == author.Fingerprint)
        {
            return known.Id;
        }
        var bucket = EngageId.BucketOf(sourceId, author.Id);
        var rowKey = TableKeys.Join("f", sourceId, TableKeys.Escape(author.Id));
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Table.FindAsync<IdentityEntity>(bucket, rowKey, cancellationToken);
            try
            {
                string id;
                if (existing is null)
                {
                    id = await CreateAsync(bucket, rowKey, sourceId, author, now, cancellationToken);
                }
                else
                {
                    id = existing.Id;
                    if (existing.Fingerprint != author.Fingerprint || existing.IdentityGroupId is null)
                    {
                        Apply(existing, author, now);
                        // An identity made before groups existed gets its group now.
                        var made = existing.IdentityGroupId is null ? await NewGroupAsync(existing, now, cancellationToken) : null;
                        try
                        {
                            await storage.SubmitAsync(StorageNames.IdentitiesTable, [new(TableTransactionActionType.UpdateReplace, existing, existing.ETag)], cancellationToken);
                        }
                        catch (Azure.RequestFailedException e) when (e.IsConflict() && made is not null)
                        {
                            await groups.TryDeleteAsync(made, cancellationToken);
                            throw;
                        }
                        // After the identity write: a merge that moves it meanwhile rereads it and folds its fields into the new group.
                        if (made is null)
                        {
                            await groups.FoldIdentityAsync(existing.IdentityGroupId!, existing.Id, ProfileOf(existing),
                                async () => (await FindByIdAsync(existing.Id, cancellationToken))?.IdentityGroupId, now, cancellationToken);
                        }
                    }
                }
                cache.Set(cacheKey, (id, author.Fingerprint), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
                return id;
            }
            catch (Azure.RequestFailedException e) when (e.IsConflict() && attempt < 12)
            {
                // Another request created or changed the identity first: read again, after a short random pause so a
                // burst of messages by one author (or a merge) does not keep colliding.
                await Task.Delay(Random.Shared.Next(5, 20 + 10 * attempt), cancellationToken);
            }
        }
    }

    private async Task<string> CreateAsync(string bucket, string rowKey, string sourceId, SdkUser author, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await CreateAsync(bucket, rowKey, sourceId, author.Id, e => Apply(e, author, now), now, cancellationToken)).Id;

    private async Task<IdentityEntity> CreateAsync(string bucket, string rowKey, string sourceId, string foreignId, Action<IdentityEntity> fill, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = EngageId.New(now, bucket);
        var entity = new IdentityEntity { PartitionKey = bucket, RowKey = rowKey, Id = id, SourceId = sourceId, ForeignId = foreignId, CreatedAt = now, UpdatedAt = now };
        fill(entity);
        var pointer = new PointerEntity { PartitionKey = bucket, RowKey = TableKeys.Join("i", id), TargetId = id, TargetRowKey = rowKey };
        // Group and index first: a crash before the identity leaves a group and an index row that name no identity, never an identity without them.
        var group = await NewGroupAsync(entity, now, cancellationToken);
        await IndexAsync(sourceId, id, cancellationToken);
        try
        {
            await storage.SubmitAsync(StorageNames.IdentitiesTable, [new(TableTransactionActionType.Add, entity), new(TableTransactionActionType.Add, pointer)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            // Another request made this identity first: its group is the one that counts.
            await groups.TryDeleteAsync(group, cancellationToken);
            throw;
        }
        return entity;
    }

    /// <summary>
    /// <c>POST /1.0/identities/import</c>: the identity of <paramref name="foreignId"/> on <paramref name="sourceId"/>,
    /// created with <paramref name="fill"/> (and its own group) when new; when it exists, changed with
    /// <paramref name="fill"/> only if <paramref name="upsert"/> (its new fields folded into its group), else as it is.
    /// </summary>
    public async Task<IdentityEntity> ImportAsync(string sourceId, string foreignId, Action<IdentityEntity> fill, bool upsert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bucket = EngageId.BucketOf(sourceId, foreignId);
        var rowKey = TableKeys.Join("f", sourceId, TableKeys.Escape(foreignId));
        for (var attempt = 0; ; attempt++)
        {
            var existing = await Table.FindAsync<IdentityEntity>(bucket, rowKey, cancellationToken);
            try
            {
                if (existing is null) return await CreateAsync(bucket, rowKey, sourceId, foreignId, fill, now, cancellationToken);
                if (!upsert) return existing;
                fill(existing);
                existing.UpdatedAt = now;
                await SaveAsync(existing, cancellationToken);
                if (existing.IdentityGroupId is { } groupId)
                {
                    await groups.FoldIdentityAsync(groupId, existing.Id, ProfileOf(existing), async () => (await FindByIdAsync(existing.Id, cancellationToken))?.IdentityGroupId, now, cancellationToken);
                }
                return existing;
            }
            catch (Azure.RequestFailedException e) when (e.IsConflict() && attempt < 5)
            {
                // A message or another import wrote the identity first: read again.
            }
        }
    }

    private async Task<IdentityGroupEntity> NewGroupAsync(IdentityEntity identity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var group = IdentityGroupStore.New(EngageId.New(now), identity.Id, identity.SourceId, ProfileOf(identity), now);
        await groups.SubmitAsync([new(TableTransactionActionType.Add, group)], cancellationToken);
        identity.IdentityGroupId = group.Id;
        return group;
    }

    /// <summary>The profile an identity's own fields give its group.</summary>
    public static System.Text.Json.Nodes.JsonObject ProfileOf(IdentityEntity i) =>
        ProfileFold.FromIdentity(i.Firstname, i.Lastname, i.Email, i.HomePhone, i.MobilePhone, i.AvatarUrl, i.Company, i.Gender);

    /// <summary>
    /// Replaces an identity row, guarded by its ETag (an <see cref="Azure.RequestFailedException"/> or
    /// <see cref="TableTransactionFailedException"/> with 412 when it changed meanwhile).
    /// </summary>
    public Task SaveAsync(IdentityEntity identity, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.IdentitiesTable, [new(TableTransactionActionType.UpdateReplace, identity, identity.ETag)], cancellationToken);

    private async Task IndexAsync(string sourceId, string identityId, CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.IdentityIndexTable);
        var row = new PointerEntity { PartitionKey = sourceId, RowKey = TableKeys.Join("i", identityId), TargetId = identityId };
        await Counters.AddWithCountAsync(storage, StorageNames.IdentityIndexTable, index, row, cancellationToken);
    }

    private static void Apply(IdentityEntity entity, SdkUser author, DateTimeOffset now)
    {
        entity.Screenname = author.Screenname;
        entity.Firstname = author.Firstname;
        entity.Lastname = author.Lastname;
        entity.Email = author.Email;
        entity.HomePhone = author.HomePhone;
        entity.MobilePhone = author.MobilePhone;
        entity.AvatarUrl = author.AvatarUrl;
        entity.Fingerprint = author.Fingerprint;
        entity.UpdatedAt = now;
    }

    /// <summary>One identity by id (two point reads: pointer, row), or null.</summary>
    public async Task<IdentityEntity?> FindByIdAsync(string id, CancellationToken cancellationToken)
    {
        if (!EngageIdGuard.IsId(id)) return null;
        var bucket = EngageId.BucketOfId(id);
        var pointer = await Table.FindAsync<PointerEntity>(bucket, TableKeys.Join("i", id), cancellationToken);
        return pointer is null ? null : await Table.FindAsync<IdentityEntity>(bucket, pointer.TargetRowKey, cancellationToken);
    }

    /// <summary>
    /// Identities of the given sources, oldest first (by id), with the total count (the sources' <c>~count</c> rows):
    /// the rows [offset, offset+limit), or the first <paramref name="limit"/> after the identity <paramref name="afterId"/>
    /// (a keyset cursor). Cost: one range query and one counter read per source, then two point reads per identity.
    /// </summary>
    public async Task<(long Count, IReadOnlyList<IdentityEntity> Page)> ListAsync(IReadOnlyList<string> sourceIds, int offset, int limit, CancellationToken cancellationToken, string? afterId = null)
    {
        var index = storage.Table(StorageNames.IdentityIndexTable);
        var after = afterId is null ? null : TableKeys.Join("i", afterId);
        var (count, rows) = await Counters.MergedPageAsync(index, sourceIds, "i|", offset, limit, cancellationToken, after);
        var found = await Task.WhenAll(rows.Select(r => FindByIdAsync(r.TargetId, cancellationToken)));
        return (count, found.OfType<IdentityEntity>().ToList());
    }

    /// <summary>
    /// The identity of <paramref name="foreignId"/> (the author's id on the third-party platform) on each of
    /// <paramref name="sourceIds"/> that has one. Cost: one point read per source, of the <c>f|</c> row in the bucket
    /// of (source, foreign id).
    /// </summary>
    public async Task<IReadOnlyList<IdentityEntity>> FindByForeignIdAsync(IReadOnlyList<string> sourceIds, string foreignId, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(sourceIds.Select(source =>
            Table.FindAsync<IdentityEntity>(EngageId.BucketOf(source, foreignId), TableKeys.Join("f", source, TableKeys.Escape(foreignId)), cancellationToken)));
        return found.OfType<IdentityEntity>().ToList();
    }
}
