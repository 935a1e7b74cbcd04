using Azure.Data.Tables;
using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.Application.Events;

/// <summary>
/// The <c>q</c> of <c>GET /1.0/events</c> (openapi.yaml, <c>getAllEvents</c>): keywords <c>content</c>,
/// <c>content_thread</c>, <c>name_in</c>, <c>created_before</c>, <c>created_after</c> (ISO 8601; UTC without a zone), <c>user</c>, a repeated
/// keyword matching any of its values, <c>-keyword:value</c> excluding (dates: <c>-created_after:t</c> is "at or
/// before t"); <c>order:created_at.desc</c> (default) or <c>.asc</c>. Dates follow <see cref="SearchDate"/>:
/// ISO 8601 only, ambiguous numeric dates refused.
/// </summary>
public sealed record EventQuery(
    IReadOnlyList<string> ContentIds,
    IReadOnlyList<string> ThreadIds,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> UserIds,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    bool Descending,
    IReadOnlyList<string>? ExcludedContentIds = null,
    IReadOnlyList<string>? ExcludedThreadIds = null,
    IReadOnlyList<string>? ExcludedTypes = null,
    IReadOnlyList<string>? ExcludedUserIds = null,
    DateTimeOffset? NotAfter = null,
    DateTimeOffset? NotBefore = null)
{
    private static readonly HashSet<string> Keywords = ["content", "content_thread", "name_in", "created_before", "created_after", "user"];

    /// <summary>Reads <paramref name="q"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c> for another keyword (named), an unknown event type, a bad date or order.</exception>
    public static EventQuery Parse(string? q)
    {
        var query = SearchQuery.Parse(q);
        SearchQuery.RequireKeywords(query, Keywords, "events");
        if (query.OrderField is not (null or "created_at")) throw EngageException.Unprocessable("invalid_query", "Events are ordered by created_at only.");
        return new(
            query.ValuesOf("content").ToList(),
            query.ValuesOf("content_thread").ToList(),
            ParseTypes(query.ValuesOf("name_in")),
            query.ValuesOf("user").ToList(),
            Dates("created_after", Values(query, "created_after", negated: false)).DefaultIfEmpty().Min(),
            Dates("created_before", Values(query, "created_before", negated: false)).DefaultIfEmpty().Max(),
            query.OrderDescending ?? true,
            Values(query, "content", negated: true),
            Values(query, "content_thread", negated: true),
            ParseTypes(Values(query, "name_in", negated: true)),
            Values(query, "user", negated: true),
            Dates("created_after", Values(query, "created_after", negated: true)).DefaultIfEmpty().Min(),
            Dates("created_before", Values(query, "created_before", negated: true)).DefaultIfEmpty().Max());

        static IEnumerable<DateTimeOffset?> Dates(string keyword, IEnumerable<string> values) => values.Select(v => (DateTimeOffset?)SearchDate.Parse(keyword, v));
    }

    private static List<string> Values(SearchQuery query, string keyword, bool negated) =>
        query.Terms.Where(t => t.Negated == negated && t.Keyword == keyword).Select(t => t.Value).ToList();

    private static List<string> ParseTypes(IEnumerable<string> values)
    {
        var types = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (types.FirstOrDefault(t => !Domain.Webhooks.WebhookEventTypes.All.Contains(t)) is { } unknown)
        {
            throw EngageException.Unprocessable("invalid_query", $"name_in:{unknown} is not an event type (the webhooks' registered_events[] types are).");
        }
        return types;
    }

    /// <summary>The table query of one source's events with these filters.</summary>
    public string ODataFilter(string sourceId)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {sourceId}") };
        AnyOf(clauses, ContentIds, id => TableClient.CreateQueryFilter($"ResourceId eq {id}"));
        AnyOf(clauses, ThreadIds, id => TableClient.CreateQueryFilter($"ThreadId eq {id}"));
        AnyOf(clauses, Types, type => TableClient.CreateQueryFilter($"Type eq {type}"));
        AnyOf(clauses, UserIds, id => TableClient.CreateQueryFilter($"UserId eq {id}"));
        if (CreatedAfter is { } after) clauses.Add(TableClient.CreateQueryFilter($"IssuedAt gt {after}"));
        if (CreatedBefore is { } before) clauses.Add(TableClient.CreateQueryFilter($"IssuedAt lt {before}"));
        if (NotAfter is { } notAfter) clauses.Add(TableClient.CreateQueryFilter($"IssuedAt le {notAfter}"));
        if (NotBefore is { } notBefore) clauses.Add(TableClient.CreateQueryFilter($"IssuedAt ge {notBefore}"));
        return string.Join(" and ", clauses);
    }

    private static void AnyOf(List<string> clauses, IReadOnlyList<string> values, Func<string, string> clause)
    {
        if (values.Count > 0) clauses.Add("(" + string.Join(" or ", values.Select(clause)) + ")");
    }

    /// <summary>
    /// False when an excluded term (<c>-content:</c>, <c>-content_thread:</c>, <c>-name_in:</c>, <c>-user:</c>) names the
    /// event. Checked by the service, not the table: Table Storage compares a missing property as false, so
    /// <c>UserId ne 'x'</c> would also drop the events that have no user.
    /// </summary>
    public bool Keeps(Storage.Entities.EventEntity e) =>
        !(ExcludedContentIds?.Contains(e.ResourceId) ?? false)
        && !(e.ThreadId is not null && (ExcludedThreadIds?.Contains(e.ThreadId) ?? false))
        && !(ExcludedTypes?.Contains(e.Type) ?? false)
        && !(e.UserId is not null && (ExcludedUserIds?.Contains(e.UserId) ?? false));
}
