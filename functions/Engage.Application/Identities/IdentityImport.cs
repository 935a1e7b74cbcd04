using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Domain.Api;

namespace Engage.Application.Identities;

/// <summary>
/// <c>POST /1.0/identities/import</c> (openapi.yaml, <c>importIdentity</c>): makes the identity a channel will later
/// send messages from, so a customer known elsewhere has a profile before writing. Each source is its own community
/// here, so <c>source_id</c> (or <c>community_id</c> naming a source) says where, and <c>identifier</c> is the
/// author's id on that source (the SDK user object's <c>id</c>). Fields: <c>company</c>, <c>firstname</c>,
/// <c>lastname</c>, <c>gender</c> (man or woman), <c>home_phone</c>, <c>mobile_phone</c>, <c>screenname</c> (defaults
/// to the identifier). Without <c>upsert</c> an existing identity is answered as it is. Needs <c>update_identity</c>.
/// The channel's user object still wins on the fields it carries when the author next writes; the group keeps both.
/// </summary>
public sealed class IdentityImport(IdentityStore identities, SourceStore sources, TimeProvider time)
{
    /// <summary>The permission an import needs.</summary>
    public const string Permission = "update_identity";

    /// <summary>Creates or (with <c>upsert</c>) updates the identity; answers it.</summary>
    /// <exception cref="EngageException">
    /// 403 without <c>update_identity</c>; 422 <c>missing_parameter</c>; 422 <c>invalid_parameter</c> for a source the
    /// caller may not read or that does not exist, or a bad gender; 422 <c>unsupported_parameter</c> for <c>extra_values</c>.
    /// </exception>
    public async Task<IdentityView> ImportAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require(Permission);
        var sourceId = p.String("source_id") ?? p.String("community_id")
            ?? throw EngageException.Unprocessable("missing_parameter", "source_id (or community_id, which names a source here) is required.");
        var source = await sources.FindAsync(sourceId, cancellationToken);
        if (source is null || !caller.CanReadSource(source.Id)) throw EngageException.Unprocessable("invalid_parameter", $"No readable source {sourceId}.");
        var identifier = p.String("identifier")?.Trim();
        if (string.IsNullOrEmpty(identifier)) throw EngageException.Unprocessable("missing_parameter", "identifier is required.");
        if (p.Hash("extra_values").Count > 0) throw EngageException.Unprocessable("unsupported_parameter", "extra_values are not stored here.");
        var gender = p.Has("gender") ? ListFilters.OneOf("gender", p.String("gender"), "man", "woman") : null;
        foreach (var name in new[] { "screenname", "firstname", "lastname", "company", "home_phone", "mobile_phone" })
        {
            // The profile's limit (IdentityGroupService): what is imported lands on the group too.
            if (p.String(name) is { Length: > IdentityGroups.IdentityGroupService.TextMaxLength })
            {
                throw EngageException.Unprocessable("invalid_parameter", $"{name} is longer than {IdentityGroups.IdentityGroupService.TextMaxLength} characters.");
            }
        }
        var upsert = p.Boolean("upsert") ?? false;
        var identity = await identities.ImportAsync(source.Id, identifier, i =>
        {
            i.Screenname = p.String("screenname") ?? i.Screenname ?? identifier;
            if (p.Has("firstname")) i.Firstname = p.String("firstname");
            if (p.Has("lastname")) i.Lastname = p.String("lastname");
            if (p.Has("company")) i.Company = p.String("company");
            if (p.Has("gender")) i.Gender = gender;
            if (p.Has("home_phone")) i.HomePhone = p.String("home_phone");
            if (p.Has("mobile_phone")) i.MobilePhone = p.String("mobile_phone");
        }, upsert, time.GetUtcNow(), cancellationToken);
        return identity.ToView();
    }
}
