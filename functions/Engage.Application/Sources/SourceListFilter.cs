using Engage.Domain.Api;

namespace Engage.Application.Sources;

/// <summary>
/// The filters of <c>GET /1.0/content_sources</c> (openapi.yaml, <c>getAllSources</c>): <c>permission</c>
/// (<c>read</c>, the default, or <c>initiate_discussion</c>: sources the caller may read and start discussions on) and
/// <c>active</c>. The list is oldest first (created_at, then id).
/// </summary>
public sealed record SourceListFilter(string Permission, bool? Active)
{
    /// <summary>The list name carried by cursors.</summary>
    public const string List = "content_sources";

    /// <summary>The order served.</summary>
    public const string Order = "created_at.asc";

    /// <summary>Checks and reads the raw parameters (null when absent).</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for an unknown permission or a bad boolean.</exception>
    public static SourceListFilter Parse(string? permission, string? active) =>
        new(ListFilters.OneOf("permission", permission, "read", "initiate_discussion") ?? "read", ListFilters.Boolean("active", active));
}
