using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.Application.Interventions;

/// <summary>
/// The filters and order of <c>GET /1.0/interventions</c> (openapi.yaml, <c>getAllInterventions</c>): <c>thread_id</c>,
/// <c>user_id</c>, <c>identity_id</c> (one or many), <c>status</c> (active, closed, deferred, opened, reopened) and
/// <c>sort</c> (created_at or updated_at, newest first).
/// </summary>
public sealed record InterventionListFilter(string? ThreadId, string? UserId, IReadOnlyList<string> IdentityIds, IReadOnlySet<string>? Statuses, bool SortByUpdatedAt, string? IdentityGroupId = null)
{
    /// <summary>Stored status words that count as open: <c>active</c> means open and not deferred, and nothing is deferred here.</summary>
    public static readonly IReadOnlySet<string> OpenStatuses = new HashSet<string> { InterventionStatus.Opened, InterventionStatus.Reopened, InterventionStatus.Closing };

    /// <summary>Checks and reads the parameters.</summary>
    /// <exception cref="EngageException">
    /// 422 <c>invalid_parameter</c> for an unknown <c>status</c> or <c>sort</c>, or an id filter that is not an id.
    /// </exception>
    public static InterventionListFilter Parse(string? threadId, string? userId, IReadOnlyList<string> identityIds, string? identityGroupId, string? status, string? sort)
    {
        var byUpdate = sort switch
        {
            null or "created_at" => false,
            "updated_at" => true,
            _ => throw EngageException.Unprocessable("invalid_parameter", "sort must be created_at or updated_at."),
        };
        return new(ListFilters.Id("thread_id", threadId), ListFilters.Id("user_id", userId), ListFilters.Ids("identity_id", identityIds), StatusesOf(status), byUpdate, ListFilters.Id("identity_group_id", identityGroupId));
    }

    /// <summary>The list name carried by cursors.</summary>
    public const string List = "interventions";

    /// <summary>The order walked: <c>created_at.desc</c> or <c>updated_at.desc</c>, then id descending.</summary>
    public string Order => SortByUpdatedAt ? "updated_at.desc" : "created_at.desc";

    /// <summary>The keyset sort key of an intervention in <see cref="Order"/>.</summary>
    public IReadOnlyList<string> Key(DateTimeOffset createdAt, DateTimeOffset updatedAt, string id) =>
        [Keyset.Descending(SortByUpdatedAt ? updatedAt : createdAt), Keyset.DescendingHex(id)];

    /// <summary>Checks the cursor of <paramref name="paging"/> even when the list is known to be empty.</summary>
    /// <exception cref="EngageException">422 <c>invalid_cursor</c>.</exception>
    public IReadOnlyList<string>? Position(Paging paging) => Keyset.Position(paging, List, Order, parts: 2);

    /// <summary>The stored status words a <c>status</c> value selects; null selects all.</summary>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for an unknown value.</exception>
    public static IReadOnlySet<string>? StatusesOf(string? status) => status switch
    {
        null => null,
        "active" => OpenStatuses,
        "opened" => new HashSet<string> { InterventionStatus.Opened },
        "reopened" => new HashSet<string> { InterventionStatus.Reopened },
        "closed" => new HashSet<string> { InterventionStatus.Closed, InterventionStatus.Canceled },
        "deferred" => new HashSet<string>(),
        _ => throw EngageException.Unprocessable("invalid_parameter", "status must be active, closed, deferred, opened or reopened."),
    };

    /// <summary>True when an intervention with these fields passes the filter.</summary>
    public bool Matches(string threadId, string userId, string identityId, string status) =>
        (ThreadId is null || ThreadId == threadId)
        && (UserId is null || UserId == userId)
        && (IdentityIds.Count == 0 || IdentityIds.Contains(identityId))
        && (Statuses is null || Statuses.Contains(status));

    /// <summary>The table query of one source's list rows with these filters.</summary>
    public string ODataFilter(string sourceId)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {sourceId} and RowKey ge {"c|"} and RowKey lt {TableKeys.PrefixEnd("c|")}") };
        if (ThreadId is not null) clauses.Add(TableClient.CreateQueryFilter($"ThreadId eq {ThreadId}"));
        if (UserId is not null) clauses.Add(TableClient.CreateQueryFilter($"UserId eq {UserId}"));
        if (IdentityIds.Count > 0) clauses.Add("(" + string.Join(" or ", IdentityIds.Select(i => TableClient.CreateQueryFilter($"IdentityId eq {i}"))) + ")");
        if (Statuses is not null) clauses.Add(StatusClause(Statuses));
        return string.Join(" and ", clauses);
    }

    /// <summary>An OData clause matching any of <paramref name="statuses"/> (false for none).</summary>
    public static string StatusClause(IReadOnlySet<string> statuses) =>
        statuses.Count == 0 ? "(Status eq '' and Status ne '')" : "(" + string.Join(" or ", statuses.Order(StringComparer.Ordinal).Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")";
}
