using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Domain.Api;
using Engage.Domain.Ids;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Tags;

/// <summary>
/// Tags per the contract (<c>/tags</c> and <c>/tags/{tagId}</c> of openapi.yaml), put on identity groups with
/// <c>tag_ids[]</c>. Reads for any authenticated user; create, update and delete need <c>manage_tags</c> (403). A name
/// is required and unique ignoring case (422 <c>tag_name_taken</c>). Deleting a tag leaves its id on the groups that carry it.
/// </summary>
public sealed class TagService(TagStore store, TimeProvider time)
{
    /// <summary>The permission every write needs.</summary>
    public const string ManagePermission = "manage_tags";

    /// <summary><c>GET /1.0/tags</c>: by name ascending (then id), optionally only <c>ids</c> (comma-separated); offset or cursor.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c>; 422 <c>invalid_cursor</c>.</exception>
    public async Task<ListView<TagView>> ListAsync(Paging paging, string? ids, CancellationToken cancellationToken)
    {
        var wanted = ids is null ? null : ListFilters.Ids("ids", [ids]).ToHashSet(StringComparer.Ordinal);
        var matching = (await store.ListAsync(cancellationToken)).Where(t => wanted is null || wanted.Contains(t.Id));
        var page = Keyset.Page(matching, t => [t.Name.ToLowerInvariant(), t.Id], paging, "tags", "name.asc");
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(TagStore.ToView).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/tags/{id}</c>.</summary>
    /// <exception cref="EngageException">404 unknown id.</exception>
    public async Task<TagView> GetAsync(string id, CancellationToken cancellationToken) =>
        TagStore.ToView(await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Tag"));

    /// <summary><c>POST /1.0/tags</c> with <c>name</c>.</summary>
    /// <exception cref="EngageException">403 without <c>manage_tags</c>; 422 <c>missing_parameter</c>; 422 <c>tag_name_taken</c>.</exception>
    public async Task<TagView> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var name = await NameAsync(p, null, cancellationToken);
        var now = time.GetUtcNow();
        var id = EngageId.New(now);
        var tag = new TagEntity { PartitionKey = id, RowKey = string.Empty, Id = id, Name = name, CreatedAt = now, UpdatedAt = now };
        await ClaimAsync(name, id, cancellationToken);
        try
        {
            await store.WriteAsync(TableTransactionActionType.Add, tag, cancellationToken);
        }
        catch
        {
            await store.ReleaseNameAsync(name, id, CancellationToken.None);
            throw;
        }
        return TagStore.ToView(tag);
    }

    /// <summary><c>PUT /1.0/tags/{id}</c> with <c>name</c>.</summary>
    /// <exception cref="EngageException">403; 404 unknown id; 422 as for create; 409 when it changed meanwhile.</exception>
    public async Task<TagView> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var tag = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Tag");
        var oldName = tag.Name;
        tag.Name = await NameAsync(p, tag.Id, cancellationToken);
        tag.UpdatedAt = time.GetUtcNow();
        var renamed = !string.Equals(oldName, tag.Name, StringComparison.OrdinalIgnoreCase);
        if (renamed) await ClaimAsync(tag.Name, id, cancellationToken);
        try
        {
            await ConflictAsync(() => store.WriteAsync(TableTransactionActionType.UpdateReplace, tag, cancellationToken));
        }
        catch (EngageException) when (renamed)
        {
            await store.ReleaseNameAsync(tag.Name, id, CancellationToken.None);
            throw;
        }
        if (renamed) await store.ReleaseNameAsync(oldName, id, cancellationToken);
        return TagStore.ToView(tag);
    }

    /// <summary><c>DELETE /1.0/tags/{id}</c>: answers the deleted tag.</summary>
    /// <exception cref="EngageException">403; 404 unknown id; 409 when it changed meanwhile.</exception>
    public async Task<TagView> DeleteAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        caller.Require(ManagePermission);
        var tag = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Tag");
        await ConflictAsync(() => store.WriteAsync(TableTransactionActionType.Delete, tag, cancellationToken));
        await store.ReleaseNameAsync(tag.Name, id, cancellationToken);
        return TagStore.ToView(tag);
    }

    /// <summary>Longest tag name, in characters.</summary>
    public const int MaxNameLength = 255;

    private async Task<string> NameAsync(ApiParameters p, string? self, CancellationToken cancellationToken)
    {
        var name = p.String("name")?.Trim();
        if (string.IsNullOrEmpty(name)) throw EngageException.Unprocessable("missing_parameter", "name is required.");
        if (name.Length > MaxNameLength) throw EngageException.Unprocessable("invalid_parameter", $"name is longer than {MaxNameLength} characters.");
        // The scan answers the common case; racing writers are decided by the name's claim row (ClaimAsync).
        if ((await store.ListAsync(cancellationToken)).Any(t => t.Id != self && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw EngageException.Unprocessable("tag_name_taken", $"A tag named \"{name}\" exists already.");
        }
        return name;
    }

    private async Task ClaimAsync(string name, string tagId, CancellationToken cancellationToken)
    {
        if (!await store.ClaimNameAsync(name, tagId, cancellationToken))
        {
            throw EngageException.Unprocessable("tag_name_taken", $"A tag named \"{name}\" exists already.");
        }
    }

    private static async Task ConflictAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            throw new EngageException(409, "conflict", "The tag changed meanwhile; read it again and retry.");
        }
    }
}
