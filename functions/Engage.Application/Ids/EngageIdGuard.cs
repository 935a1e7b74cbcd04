using Engage.Domain.Ids;

namespace Engage.Application.Ids;

/// <summary>Checks ids from requests before they reach storage keys, so a malformed id is a 404, never a storage error.</summary>
public static class EngageIdGuard
{
    /// <summary>True when <paramref name="id"/> is 24 lowercase hex characters.</summary>
    public static bool IsId(string? id) => EngageId.IsValid(id);
}
