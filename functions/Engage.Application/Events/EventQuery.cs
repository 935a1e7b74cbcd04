using System.Globalization;
using Azure.Data.Tables;
using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.Application.Events;

/// <summary>
/// The <c>q</c> of <c>GET /1.0/events</c> (openapi.yaml, <c>getAllEvents</c>): keywords <c>content</c>,
/// <c>content_thread</c>, <c>name_in</c>, <c>created_before</c>, <c>created_after</c> (ISO 8601; UTC without a zone), <c>user</c>, a repeated
/// keyword matching any of its values; <c>order:created_at.desc</c> (default) or <c>.asc</c>.
/// </summary>
public sealed record EventQuery(
    IReadOnlyList<string> ContentIds,
    IReadOnlyList<string> ThreadIds,
    IReadOnlyList<string> Types,
    IReadOnlyList<string> UserIds,
    DateTimeOffset? CreatedAfter,
    DateTimeOffset? CreatedBefore,
    bool Descending)
{
    private static readonly HashSet<string> Keywords = ["content", "content_thread", "name_in", "created_before", "created_after", "user"];

    /// <summary>Reads <paramref name="q"/>.</summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c> for another keyword, a negated term, an unknown event type, a bad date or order.</exception>
    public static EventQuery Parse(string? q)
    {
        var query = SearchQuery.Parse(q);
        foreach (var term in query.Terms)
        {
            if (!Keywords.Contains(term.Keyword) || term.Negated)
            {
                throw EngageException.Unprocessable("invalid_query", $"Unsupported search term '{(term.Negated ? "-" : "")}{term.Keyword}' on events; supported: {string.Join(", ", Keywords)}.");
            }
        }
        if (query.OrderField is not (null or "created_at")) throw EngageException.Unprocessable("invalid_query", "Events are ordered by created_at only.");
        var types = query.ValuesOf("name_in").SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (types.FirstOrDefault(t => !Domain.Webhooks.WebhookEventTypes.All.Contains(t)) is { } unknown)
        {
            throw EngageException.Unprocessable("invalid_query", $"name_in:{unknown} is not an event type (the webhooks' registered_events[] types are).");
        }
        return new(
            query.ValuesOf("content").ToList(),
            query.ValuesOf("content_thread").ToList(),
            types,
            query.ValuesOf("user").ToList(),
            Date(query, "created_after"),
            Date(query, "created_before"),
            query.OrderDescending ?? true);
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
        return string.Join(" and ", clauses);
    }

    private static void AnyOf(List<string> clauses, IReadOnlyList<string> values, Func<string, string> clause)
    {
        if (values.Count > 0) clauses.Add("(" + string.Join(" or ", values.Select(clause)) + ")");
    }

    private static DateTimeOffset? Date(SearchQuery query, string keyword)
    {
        var value = query.ValuesOf(keyword).LastOrDefault();
        if (value is null) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw EngageException.Unprocessable("invalid_query", $"{keyword}:{value} is not an ISO 8601 date.");
    }
}
