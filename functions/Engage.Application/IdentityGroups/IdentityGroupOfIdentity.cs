using System.Text.Json.Nodes;
using Engage.Application.Identities;
using Engage.Application.Json;

namespace Engage.Application.IdentityGroups;

/// <summary>
/// Fills <c>identity_group_id</c> of contents and interventions (openapi.yaml, <c>Content</c> and <c>Intervention</c>)
/// from their identity when they are read. It is not stored on them: a merge moves an identity to another group, and a
/// stored copy would then name a group that no longer exists. Cost: two point reads per distinct identity of a call.
/// An identity that is gone leaves the field null.
/// </summary>
public sealed class IdentityGroupOfIdentity(IdentityStore identities)
{
    /// <summary>The group of each distinct non-null identity id (null for an unknown identity).</summary>
    public async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(IEnumerable<string?> identityIds, CancellationToken cancellationToken)
    {
        var ids = identityIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = await Task.WhenAll(ids.Select(id => identities.FindByIdAsync(id, cancellationToken)));
        return ids.Zip(found, (id, identity) => (id, identity?.IdentityGroupId)).ToDictionary(p => p.id, p => p.IdentityGroupId, StringComparer.Ordinal);
    }

    /// <summary>Contents with their author's group.</summary>
    public async Task<List<ContentView>> FillAsync(IReadOnlyList<ContentView> contents, CancellationToken cancellationToken)
    {
        var groups = await ResolveAsync(contents.Select(c => c.AuthorId), cancellationToken);
        return contents.Select(c => c with { IdentityGroupId = GroupOf(groups, c.AuthorId) }).ToList();
    }

    /// <summary>A content with its author's group.</summary>
    public async Task<ContentView> FillAsync(ContentView content, CancellationToken cancellationToken) =>
        (await FillAsync([content], cancellationToken))[0];

    /// <summary>Interventions with their identity's group.</summary>
    public async Task<List<InterventionView>> FillAsync(IReadOnlyList<InterventionView> interventions, CancellationToken cancellationToken)
    {
        var groups = await ResolveAsync(interventions.Select(v => v.IdentityId), cancellationToken);
        return interventions.Select(v => v with { IdentityGroupId = GroupOf(groups, v.IdentityId) }).ToList();
    }

    /// <summary>An intervention with its identity's group.</summary>
    public async Task<InterventionView> FillAsync(InterventionView intervention, CancellationToken cancellationToken) =>
        (await FillAsync([intervention], cancellationToken))[0];

    /// <summary>
    /// Webhook metadata of a content (<c>author_id</c>) or an intervention (<c>identity_id</c>) with the group filled
    /// in when it is missing; other metadata is returned as it is. <paramref name="known"/> holds groups already read
    /// for this batch of events (identity id to group), and gains what this call reads.
    /// </summary>
    public async Task<string> FillMetadataAsync(string resourceType, string metadataJson, IDictionary<string, string?> known, CancellationToken cancellationToken)
    {
        var identityField = resourceType switch { "content" => "author_id", "intervention" => "identity_id", _ => null };
        if (identityField is null || JsonNode.Parse(metadataJson) is not JsonObject metadata) return metadataJson;
        if (metadata["identity_group_id"] is not null || metadata[identityField]?.GetValueKind() != System.Text.Json.JsonValueKind.String) return metadataJson;
        var identityId = metadata[identityField]!.GetValue<string>();
        if (!known.TryGetValue(identityId, out var group)) known[identityId] = group = GroupOf(await ResolveAsync([identityId], cancellationToken), identityId);
        metadata["identity_group_id"] = group;
        return metadata.ToJsonString(ContractJson.Options);
    }

    private static string? GroupOf(IReadOnlyDictionary<string, string?> groups, string? identityId) =>
        identityId is not null && groups.TryGetValue(identityId, out var group) ? group : null;
}
