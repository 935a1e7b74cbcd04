using Engage.Domain.Api;

namespace Engage.Domain.Search;

/// <summary>
/// The <c>q</c> of <c>GET /1.0/content_threads</c> (PROTOCOL.md, "REST conventions"; issue 7): which threads
/// match. Terms of one keyword match any of their values; different keywords must all match; a <c>-</c> term
/// excludes. Keywords and their meaning (docs/search.md):
/// <list type="bullet">
/// <item><c>source</c>, <c>identity</c>, <c>categorized_in</c>, <c>foreign</c>: ids (the identity wrote in the thread; the category is in <c>category_ids</c>).</item>
/// <item><c>identity_group</c>: a customer profile id; an identity of it wrote in the thread (<see cref="GroupMembers"/>).</item>
/// <item><c>status_in</c>: <c>open</c> (or <c>opened</c>) or <c>closed</c>.</item>
/// <item><c>assigned_to</c>, <c>opened_and_assigned_to</c>: a user id holding the active intervention (and, for the second, the thread is open).</item>
/// <item><c>categorized</c>, <c>assigned</c>, <c>active_and_assigned</c>: booleans.</item>
/// <item><c>text</c> (and bare words): case-insensitive substring of the title; <c>language</c>: exact, case-insensitive.</item>
/// <item><c>first_content_after/before</c>, <c>last_content_after/before</c>: ISO 8601 (<see cref="SearchDate"/>), strict.</item>
/// </list>
/// <c>order:</c> is <c>last_content_at.desc</c> (default) only.
/// </summary>
public sealed class ThreadFilter
{
    /// <summary>Every keyword served.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "source", "identity", "identity_group", "status_in", "categorized_in", "categorized", "assigned_to", "assigned",
        "opened_and_assigned_to", "active_and_assigned", "foreign", "text", "language",
        "first_content_after", "first_content_before", "last_content_after", "last_content_before",
    };

    private readonly TermMatcher<ThreadSearchFields> _matcher;

    private ThreadFilter(SearchQuery query)
    {
        Query = query;
        _matcher = new TermMatcher<ThreadSearchFields>(query, Compile);
    }

    /// <summary>The parsed query.</summary>
    public SearchQuery Query { get; }

    /// <summary>
    /// The identities of each group named by <c>identity_group</c> terms, by group id: set by the caller (who reads
    /// the groups) before <see cref="Matches"/>; a group missing here has no identities.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> GroupMembers { get; set; } = new Dictionary<string, IReadOnlySet<string>>();

    /// <summary>Every group id named by an <c>identity_group</c> term, negated or not.</summary>
    public IReadOnlyList<string> GroupIds => Query.Terms.Where(t => t.Keyword == "identity_group").Select(t => t.Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when a term other than <c>source</c> is given (the list must then scan, not just page).</summary>
    public bool FiltersBeyondSource => Query.Terms.Any(t => t.Keyword != "source");

    /// <summary>Parses <paramref name="q"/> for threads.</summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c>: unknown keyword (named), bad boolean, bad date, bad order.</exception>
    public static ThreadFilter Parse(string? q)
    {
        var query = SearchQuery.Parse(q);
        SearchQuery.RequireKeywords(query, Keywords, "content_threads");
        if (query.OrderField is not (null or "last_content_at") || query.OrderDescending == false)
        {
            throw EngageException.Unprocessable("invalid_query", "q is invalid: threads are listed newest activity first only (order:last_content_at.desc).");
        }
        return new ThreadFilter(query);
    }

    /// <summary>True when <paramref name="thread"/> matches every keyword and no negated term.</summary>
    public bool Matches(ThreadSearchFields thread) => _matcher.Matches(thread);

    private Func<ThreadSearchFields, bool> Compile(string keyword, string value)
    {
        switch (keyword)
        {
            case "source": return t => t.SourceId == value;
            case "identity_group": return t => GroupMembers.TryGetValue(value, out var members) && t.IdentityIds.Any(members.Contains);
            case "identity": return t => t.IdentityIds.Contains(value);
            case "categorized_in": return t => t.CategoryIds.Contains(value);
            case "foreign": return t => t.ForeignId == value;
            case "assigned_to": return t => t.ActiveUserId == value;
            case "opened_and_assigned_to": return t => !t.Closed && t.ActiveUserId == value;
            case "language": return t => string.Equals(t.Language, value, StringComparison.OrdinalIgnoreCase);
            case "text": return t => t.Title?.Contains(value, StringComparison.OrdinalIgnoreCase) == true;
            case "status_in":
                return value.ToLowerInvariant() switch
                {
                    "open" or "opened" => t => !t.Closed,
                    "closed" => t => t.Closed,
                    _ => throw SearchQuery.Invalid($"status_in:{value} is not open or closed"),
                };
            case "categorized":
            {
                var want = Boolean(keyword, value);
                return t => (t.CategoryIds.Count > 0) == want;
            }
            case "assigned":
            {
                var want = Boolean(keyword, value);
                return t => (t.ActiveUserId is not null) == want;
            }
            case "active_and_assigned":
            {
                var want = Boolean(keyword, value);
                return t => (!t.Closed && t.ActiveUserId is not null) == want;
            }
            case "first_content_after": return Compare(keyword, value, t => t.FirstContentAt, after: true);
            case "first_content_before": return Compare(keyword, value, t => t.FirstContentAt, after: false);
            case "last_content_after": return Compare(keyword, value, t => t.LastContentAt, after: true);
            case "last_content_before": return Compare(keyword, value, t => t.LastContentAt, after: false);
            default: throw new InvalidOperationException($"Keyword {keyword} is listed but not compiled.");
        }
    }

    // Strictly after or before the date; a thread without that time never matches.
    private static Func<ThreadSearchFields, bool> Compare(string keyword, string value, Func<ThreadSearchFields, DateTimeOffset?> field, bool after)
    {
        var at = SearchDate.Parse(keyword, value);
        return t => field(t) is { } time && (after ? time > at : time < at);
    }

    private static bool Boolean(string keyword, string value) =>
        SearchQuery.ParseBoolean(value) ?? throw SearchQuery.Invalid($"{keyword}:{value} is not a boolean (true/1/on/yes or false/0/off/no)");
}
