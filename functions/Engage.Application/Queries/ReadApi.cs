using Engage.Application.Auth;
using Engage.Application.Identities;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Application.Threads;
using Engage.Application.Users;
using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.Application.Queries;

/// <summary>
/// The read side of the REST API for sources, threads, contents, identities, users and roles. Objects on
/// sources the caller may not read answer 404, as if they did not exist (PROTOCOL.md, "REST conventions").
/// </summary>
public sealed class ReadApi(SourceStore sources, ThreadQueries threads, ThreadSearch threadSearch, ContentSearch contentSearch, IdentityStore identities, IdentityGroups.IdentityGroupStore groups, IdentityGroups.IdentityGroupOfIdentity groupOf, UserStore users, Messaging.VisitorService visitors)
{
    /// <summary>
    /// <c>GET /1.0/content_sources</c>: readable sources, oldest first (created_at, then id), filtered by
    /// <see cref="SourceListFilter"/>; offset or keyset cursor. Cost: one scan of the small <c>Sources</c> table.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<SourceView>> ListSourcesAsync(Caller caller, Paging paging, SourceListFilter filter, CancellationToken cancellationToken)
    {
        var matching = (await sources.ListAsync(cancellationToken)).Where(s =>
            caller.CanReadSource(s.Id)
            && (filter.Permission == "read" || caller.HasSourcePermission(s.Id, filter.Permission))
            && (filter.Active is null || s.Active == filter.Active));
        var page = Keyset.Page(matching, s => [Keyset.Ascending(s.CreatedAt), s.Id], paging, SourceListFilter.List, SourceListFilter.Order);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(s => s.ToView()).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/content_sources/{id}</c>.</summary>
    public async Task<SourceView> GetSourceAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var source = await sources.FindAsync(id, cancellationToken);
        return source is not null && caller.CanReadSource(source.Id) ? source.ToView() : throw EngageException.NotFound("Source");
    }

    /// <summary>
    /// <c>GET /1.0/content_threads</c>: by last content, newest first, filtered by <c>q</c>
    /// (<see cref="ThreadFilter"/>) and <paramref name="updatedSince"/> (ISO 8601: threads with any change at or
    /// after it, the changes feed), paged by offset or cursor (docs/search.md).
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c>, <c>invalid_parameter</c>, <c>invalid_cursor</c>, <c>cursor_expired</c>.</exception>
    public async Task<ListView<ThreadView>> ListThreadsAsync(Caller caller, Paging paging, string? q, string? updatedSince, CancellationToken cancellationToken)
    {
        var filter = ThreadFilter.Parse(q);
        if (filter.GroupIds is { Count: > 0 } groupIds)
        {
            // identity_group: the groups' identities, one point read per group.
            var found = await Task.WhenAll(groupIds.Select(g => groups.FindAsync(g, cancellationToken)));
            filter.GroupMembers = found.OfType<Storage.Entities.IdentityGroupEntity>()
                .ToDictionary(g => g.Id, g => (IReadOnlySet<string>)IdentityGroups.IdentityGroupStore.MembersOf(g).Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        }
        var since = ParseTime("updated_since", updatedSince);
        var readable = await ReadableSourceIdsAsync(caller, filter.Query, cancellationToken);
        var page = await threadSearch.ListAsync(readable, filter, paging, since, cancellationToken);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(t => t.ToView()).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/content_threads/{id}</c>.</summary>
    public async Task<ThreadView> GetThreadAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var thread = await threads.FindThreadAsync(id, cancellationToken);
        if (thread is null || !caller.CanReadSource(thread.SourceId)) throw EngageException.NotFound("Thread");
        // A web chat visitor's thread also tells whether the visitor is typing (one point read, only for such threads).
        return thread.ToView() with { VisitorTyping = await visitors.IsTypingAsync(thread.SourceId, thread.ForeignId, cancellationToken) };
    }

    /// <summary>
    /// <c>GET /1.0/contents</c>: contents filtered by <c>q</c> (<see cref="ContentFilter"/>: it must name a thread,
    /// an intervention, an identity or ids), newest first unless <c>order:created_at.asc</c>, changed at or after
    /// <paramref name="updatedSince"/> when given, paged by offset or cursor (docs/search.md).
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c>, <c>invalid_parameter</c>, <c>invalid_cursor</c>.</exception>
    public async Task<ListView<ContentView>> ListContentsAsync(Caller caller, Paging paging, string? q, string? updatedSince, CancellationToken cancellationToken)
    {
        var filter = ContentFilter.Parse(q);
        var since = ParseTime("updated_since", updatedSince);
        var page = await contentSearch.ListAsync(caller.CanReadSource, filter, paging, since, cancellationToken);
        return new(page.Count, paging.Offset, paging.Limit, await groupOf.FillAsync(page.Records.Select(c => c.ToView()).ToList(), cancellationToken), page.NextCursor);
    }

    /// <summary><c>GET /1.0/contents/{id}</c>.</summary>
    public async Task<ContentView> GetContentAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var content = await threads.FindContentAsync(id, cancellationToken);
        return content is not null && caller.CanReadSource(content.SourceId) ? await groupOf.FillAsync(content.ToView(), cancellationToken) : throw EngageException.NotFound("Content");
    }

    /// <summary>
    /// <c>GET /1.0/identities</c>: identities of readable sources, oldest first (by id), filtered by
    /// <see cref="IdentityListFilter"/>; offset or keyset cursor. Without <c>foreign_id</c>: one range query of the
    /// <c>IdentityIndex</c> partition of each readable source, starting after the cursor's row; with it: one point read
    /// per readable source (one with <c>source_id</c>); with identity groups: one point read per group, then two per member.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<IdentityView>> ListIdentitiesAsync(Caller caller, Paging paging, IdentityListFilter filter, CancellationToken cancellationToken)
    {
        var readable = await sources.IdsAsync(s => caller.CanReadSource(s) && (filter.SourceId is null || s == filter.SourceId), cancellationToken);
        if (filter.IdentityGroupIds is { } groupIds)
        {
            // The groups' member lists name the identities: one point read per group, two per identity.
            var found = await Task.WhenAll(groupIds.Select(g => groups.FindAsync(g, cancellationToken)));
            var memberIds = found.OfType<Storage.Entities.IdentityGroupEntity>().SelectMany(g => IdentityGroups.IdentityGroupStore.MembersOf(g).Keys).Distinct().ToList();
            var members = (await Task.WhenAll(memberIds.Select(i => identities.FindByIdAsync(i, cancellationToken)))).OfType<Storage.Entities.IdentityEntity>()
                .Where(i => readable.Contains(i.SourceId) && (filter.ForeignId is null || i.ForeignId == filter.ForeignId));
            var inGroups = Keyset.Page(members, i => [i.Id], paging, IdentityListFilter.List, IdentityListFilter.Order);
            return new(inGroups.Count, paging.Offset, paging.Limit, inGroups.Records.Select(i => i.ToView()).ToList(), inGroups.NextCursor);
        }
        if (filter.ForeignId is { } foreignId)
        {
            var found = await identities.FindByForeignIdAsync(readable, foreignId, cancellationToken);
            var keyed = Keyset.Page(found, i => [i.Id], paging, IdentityListFilter.List, IdentityListFilter.Order);
            return new(keyed.Count, paging.Offset, paging.Limit, keyed.Records.Select(i => i.ToView()).ToList(), keyed.NextCursor);
        }
        var after = Keyset.Position(paging, IdentityListFilter.List, IdentityListFilter.Order, parts: 1)?[0];
        // One row more than the page tells whether another page follows.
        var (count, rows) = await identities.ListAsync(readable, after is null ? paging.Offset : 0, paging.Limit + 1, cancellationToken, after);
        var page = rows.Take(paging.Limit).ToList();
        var next = rows.Count > paging.Limit ? new PageCursor(IdentityListFilter.List, IdentityListFilter.Order, [page[^1].Id]).Encode() : null;
        return new(count, paging.Offset, paging.Limit, page.Select(i => i.ToView()).ToList(), next);
    }

    /// <summary><c>GET /1.0/identities/{id}</c>.</summary>
    public async Task<IdentityView> GetIdentityAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var identity = await identities.FindByIdAsync(id, cancellationToken);
        return identity is not null && caller.CanReadSource(identity.SourceId) ? identity.ToView() : throw EngageException.NotFound("Identity");
    }

    /// <summary>
    /// <c>GET /1.0/users</c>, oldest first (created_at, then id), filtered by <see cref="UserListFilter"/>; offset or
    /// keyset cursor. Cost: one scan of the small <c>Users</c> table.
    /// </summary>
    /// <exception cref="EngageException">403 without <c>read_user</c>; 422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<UserView>> ListUsersAsync(Caller caller, Paging paging, UserListFilter filter, CancellationToken cancellationToken)
    {
        caller.Require("read_user");
        var matching = (await users.ListUsersAsync(cancellationToken)).Where(filter.Matches);
        var page = Keyset.Page(matching, u => [Keyset.Ascending(u.CreatedAt), u.Id], paging, UserListFilter.List, UserListFilter.Order);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(u => u.ToView()).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/users/{id}</c>.</summary>
    public async Task<UserView> GetUserAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require("read_user");
        return (await users.FindUserAsync(id, cancellationToken))?.ToView() ?? throw EngageException.NotFound("User");
    }

    /// <summary>
    /// <c>GET /1.0/roles</c>, oldest first (created_at, then id; the contract documents no filter); offset or keyset
    /// cursor. Cost: one scan of the small <c>Roles</c> table.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<IReadOnlyDictionary<string, object?>>> ListRolesAsync(Paging paging, CancellationToken cancellationToken)
    {
        var page = Keyset.Page(await users.ListRolesAsync(cancellationToken), r => [Keyset.Ascending(r.CreatedAt), r.Id], paging, "roles", "created_at.asc");
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(r => RoleView.From(r, UserStore.PermissionsOf(r))).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/roles/{id}</c>.</summary>
    public async Task<IReadOnlyDictionary<string, object?>> GetRoleAsync(string id, CancellationToken cancellationToken)
    {
        var role = await users.FindRoleAsync(id, cancellationToken) ?? throw EngageException.NotFound("Role");
        return RoleView.From(role, UserStore.PermissionsOf(role));
    }

    private async Task<IReadOnlyList<string>> ReadableSourceIdsAsync(Caller caller, SearchQuery query, CancellationToken cancellationToken)
    {
        var wanted = query.ValuesOf("source").ToHashSet(StringComparer.Ordinal);
        var excluded = query.Terms.Where(t => t.Negated && t.Keyword == "source").Select(t => t.Value).ToHashSet(StringComparer.Ordinal);
        return (await sources.ListAsync(cancellationToken))
            .Select(s => s.Id)
            .Where(caller.CanReadSource)
            .Where(id => (wanted.Count == 0 || wanted.Contains(id)) && !excluded.Contains(id))
            .ToList();
    }

    private static DateTimeOffset? ParseTime(string name, string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        try
        {
            return SearchDate.Parse(name, raw);
        }
        catch (EngageException e)
        {
            throw EngageException.Unprocessable("invalid_parameter", e.Message.Replace("q is invalid: ", string.Empty, StringComparison.Ordinal));
        }
    }
}
