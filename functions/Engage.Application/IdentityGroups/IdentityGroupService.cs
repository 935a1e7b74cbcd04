using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.CustomFields;
using Engage.Application.Identities;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;
using Engage.Application.Tags;
using Engage.Domain.Api;
using Engage.Domain.Profiles;

namespace Engage.Application.IdentityGroups;

/// <summary>
/// Identity groups, the customer profiles (<c>/identity_groups</c>, <c>/identity_groups/{identityGroupId}</c> of
/// openapi.yaml). A group is visible to a user who may read the source of one of its identities (404 otherwise).
/// Updates write only the fields they name, onto the latest profile: two writers of different fields both keep theirs;
/// a writer whose field another writer changed since it read the group gets 409 <c>conflict</c> naming the field.
/// Merging is <see cref="IdentityMoves"/>.
/// </summary>
public sealed class IdentityGroupService(IdentityGroupStore store, CustomFieldStore customFields, TagStore tags, TimeProvider time)
{
    /// <summary>Longest <c>notes</c>, in characters.</summary>
    public const int NotesMaxLength = 10_000;

    /// <summary>Longest other text field, in characters.</summary>
    public const int TextMaxLength = 255;

    /// <summary>Most values of one list field.</summary>
    public const int MaxListValues = ProfileFold.MaxListValues;

    /// <summary>Largest stored profile, in characters (under the 32,768 of one table property).</summary>
    public const int MaxProfileLength = ProfileFold.MaxProfileLength;

    /// <summary>
    /// <c>GET /1.0/identity_groups</c>: the groups the caller may see, newest first by <c>created_at</c> or
    /// <c>updated_at</c>, filtered; offset or cursor. Cost: one scan of the <c>IdentityGroups</c> profile rows.
    /// </summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> or <c>invalid_cursor</c>.</exception>
    public async Task<ListView<IdentityGroupView>> ListAsync(Caller caller, Paging paging, IdentityGroupListFilter filter, CancellationToken cancellationToken)
    {
        var matching = (await store.ListAsync(cancellationToken)).Where(g => Readable(caller, g) && Matches(filter, IdentityGroupStore.ProfileOf(g)) && (filter.Ids is null || filter.Ids.Contains(g.Id)));
        var page = Keyset.Page(matching, g => [Keyset.Descending(filter.ByUpdate ? g.UpdatedAt : g.CreatedAt), Keyset.DescendingHex(g.Id)], paging, "identity_groups", filter.Order);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(IdentityGroupStore.ToView).ToList(), page.NextCursor);
    }

    /// <summary><c>GET /1.0/identity_groups/{id}</c>, with the group's version (for <c>If-Match</c>).</summary>
    /// <exception cref="EngageException">404 unknown or not visible.</exception>
    public async Task<Versioned> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var group = await FindReadableAsync(caller, id, cancellationToken);
        return new(IdentityGroupStore.ToView(group), group.ETag.ToString());
    }

    /// <summary>
    /// <c>PUT /1.0/identity_groups/{id}</c> with any of <c>firstname</c>, <c>lastname</c>, <c>company</c>, <c>gender</c>
    /// (man, woman or empty), <c>notes</c>, <c>emails[]</c>, <c>home_phones[]</c>, <c>mobile_phones[]</c>, <c>tag_ids[]</c>
    /// (replacing the list; given empty clears it) and <c>custom_field_values[key]</c> (or <c>[key][]</c>; empty removes
    /// the value). Fields not named stay as they are. With <paramref name="ifMatch"/> (the <c>ETag</c> of an earlier
    /// answer, or <c>*</c>), the write happens only if the group has not changed since: otherwise 409, whatever the fields.
    /// </summary>
    /// <exception cref="EngageException">
    /// 404 unknown or not visible; 422 <c>invalid_parameter</c>, <c>unknown_tag</c>, <c>unknown_custom_field</c>,
    /// <c>invalid_custom_field_value</c>, <c>read_only_custom_field</c>, <c>profile_too_large</c>; 409 <c>conflict</c> when
    /// another writer changed one of the named fields since this request read the group.
    /// </exception>
    public async Task<Versioned> UpdateAsync(Caller caller, string id, ApiParameters p, string? ifMatch, CancellationToken cancellationToken)
    {
        var group = await FindReadableAsync(caller, id, cancellationToken);
        if (ifMatch is not null && ifMatch != "*" && ifMatch != group.ETag.ToString()) throw Changed();
        var read = IdentityGroupStore.ProfileOf(group);
        var change = await ChangeOfAsync(p, read, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var profile = IdentityGroupStore.ProfileOf(group);
            if (change.ConflictWith(read, profile) is { } field)
            {
                throw new EngageException(409, "conflict", $"{field} was changed by another request meanwhile; read the identity group again and retry.");
            }
            var before = profile.DeepClone();
            change.ApplyTo(profile);
            // Nothing named, or nothing different: no write, and updated_at and the ETag stay as they are.
            if (JsonNode.DeepEquals(before, profile)) return new(IdentityGroupStore.ToView(group), group.ETag.ToString());
            IdentityGroupStore.SetProfile(group, profile);
            if (group.ProfileJson.Length > MaxProfileLength)
            {
                throw EngageException.Unprocessable("profile_too_large", $"The profile would be larger than {MaxProfileLength} characters.");
            }
            group.UpdatedAt = time.GetUtcNow();
            try
            {
                await store.SubmitAsync([new(TableTransactionActionType.UpdateReplace, group, group.ETag)], cancellationToken);
                return new(IdentityGroupStore.ToView(group), group.ETag.ToString());
            }
            catch (TableTransactionFailedException e) when (e.Status is 404)
            {
                // Merged away and deleted since it was read: what was already there lives on in the group it went to.
                throw EngageException.NotFound("Identity group");
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < IdentityGroupStore.MaxAttempts)
            {
                if (ifMatch is not null && ifMatch != "*") throw Changed();
                // Another writer got there first: apply the same fields onto what it wrote, unless it wrote one of them.
                group = await store.FindAsync(id, cancellationToken) ?? throw EngageException.NotFound("Identity group");
            }
        }
    }

    private static EngageException Changed() =>
        new(409, "conflict", "The identity group changed since the version given in If-Match; read it again and retry.");

    /// <summary>A group the caller may see.</summary>
    /// <exception cref="EngageException">404 unknown or not visible.</exception>
    public async Task<IdentityGroupEntity> FindReadableAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var group = await store.FindAsync(id, cancellationToken);
        return group is not null && Readable(caller, group) ? group : throw EngageException.NotFound("Identity group");
    }

    private static bool Readable(Caller caller, IdentityGroupEntity group) => IdentityGroupStore.SourcesOf(group).Any(caller.CanReadSource);

    private static bool Matches(IdentityGroupListFilter filter, JsonObject profile) =>
        (filter.Firstname is null || string.Equals(ProfileFields.Text(profile, "firstname"), filter.Firstname, StringComparison.OrdinalIgnoreCase))
        && (filter.Lastname is null || string.Equals(ProfileFields.Text(profile, "lastname"), filter.Lastname, StringComparison.OrdinalIgnoreCase))
        && (filter.Email is null || ProfileFields.Strings(profile, "emails").Contains(filter.Email, StringComparer.OrdinalIgnoreCase));

    // Every named field checked before anything is written.
    // A tag id or custom value the profile already holds stays writable after its tag or definition is deleted, so a
    // client can send back what it read, or clear it.
    private async Task<ProfileChange> ChangeOfAsync(ApiParameters p, JsonObject current, CancellationToken cancellationToken)
    {
        var change = new ProfileChange();
        foreach (var name in new[] { "firstname", "lastname", "company", "notes" })
        {
            if (!p.Has(name)) continue;
            // A list where one value is expected would otherwise read as empty and erase the field.
            if (p.IsList(name)) throw EngageException.Unprocessable("invalid_parameter", $"{name} takes one value, not a list.");
            var value = p.String(name);
            var max = name == "notes" ? NotesMaxLength : TextMaxLength;
            if (value is not null && value.Length > max) throw EngageException.Unprocessable("invalid_parameter", $"{name} is longer than {max} characters.");
            change.Set(name, value is null ? null : JsonValue.Create(value));
        }
        if (p.Has("gender"))
        {
            if (p.IsList("gender")) throw EngageException.Unprocessable("invalid_parameter", "gender takes one value, not a list.");
            var gender = ListFilters.OneOf("gender", p.String("gender"), "man", "woman");
            change.Set("gender", gender is null ? null : JsonValue.Create(gender));
        }
        foreach (var name in new[] { "emails", "home_phones", "mobile_phones", "tag_ids" })
        {
            if (!p.Has(name)) continue;
            var comparer = name == "emails" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var values = p.Strings(name).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(comparer).ToList();
            if (values.Count > MaxListValues) throw EngageException.Unprocessable("invalid_parameter", $"{name}[] holds more than {MaxListValues} values.");
            if (values.FirstOrDefault(v => v.Length > TextMaxLength || (name == "emails" && !LooksLikeEmail(v))) is { } bad)
            {
                throw EngageException.Unprocessable("invalid_parameter", $"{name}[] holds an invalid value: {bad}.");
            }
            if (name == "tag_ids") await tags.RequireExistAsync(values.Except(ProfileFields.Strings(current, name)).ToList(), cancellationToken);
            change.Set(name, values.Count == 0 ? null : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]));
        }
        var written = p.Hash(ProfileFields.CustomFieldValues);
        if (written.Count > 0)
        {
            var definitions = await customFields.DefinitionsAsync("IdentityGroup", cancellationToken);
            foreach (var (key, values) in written)
            {
                if (definitions.GetValueOrDefault(key) is not { } definition)
                {
                    var clears = values.All(v => v.Length == 0) && ProfileFields.Get(current, ProfileFields.CustomField(key)) is not null;
                    if (!clears) throw EngageException.Unprocessable("unknown_custom_field", $"custom_field_values[{key}] names no custom field of identity groups.");
                    change.Set(ProfileFields.CustomField(key), null);
                    continue;
                }
                change.Set(ProfileFields.CustomField(key), ToNode(CustomFieldValues.Convert(definition, values)));
            }
        }
        return change;
    }

    /// <summary>A converted custom field value as JSON (null stays null).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        IEnumerable<object> many => new JsonArray([.. many.Select(ToNode)]),
        _ => System.Text.Json.JsonSerializer.SerializeToNode(value),
    };

    private static bool LooksLikeEmail(string v) => v.IndexOf('@') is > 0 and var at && at < v.Length - 1 && !v.Any(char.IsWhiteSpace);
}
