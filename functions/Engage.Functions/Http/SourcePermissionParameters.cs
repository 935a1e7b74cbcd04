using Engage.Domain.Api;

namespace Engage.Functions.Http;

/// <summary>Reads <c>PUT /1.0/users/{id}/sources_permissions</c>: every parameter except <c>access_token</c> is a source id.</summary>
public static class SourcePermissionParameters
{
    /// <summary>Source id to comma-separated permissions.</summary>
    public static IReadOnlyDictionary<string, string> From(ApiParameters parameters) =>
        parameters.Last().Where(p => p.Key != "access_token").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
