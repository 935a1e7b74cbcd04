using Engage.Domain.Api;

namespace Engage.Domain.Search;

/// <summary>What content search (<see cref="ContentFilter"/>) looks at.</summary>
/// <param name="Id">Content id.</param>
/// <param name="ThreadId">Thread id.</param>
/// <param name="SourceId">Source id.</param>
/// <param name="AuthorId">Identity that wrote it.</param>
/// <param name="Status">Content status (<c>new</c>, <c>assigned</c>, <c>replied</c>, ...).</param>
/// <param name="InterventionId">Intervention it belongs to, or null.</param>
/// <param name="Body">Body text.</param>
public sealed record ContentSearchFields(string Id, string ThreadId, string SourceId, string AuthorId, string Status, string? InterventionId, string Body);

/// <summary>
/// The <c>q</c> of <c>GET /1.0/contents</c> (openapi.yaml <c>getAllContents</c>; issue 7): keywords <c>id</c>,
/// <c>thread</c>, <c>intervention</c>, <c>identity</c>, <c>identity_group</c> (any identity of the customer profile),
/// <c>source</c>, <c>status</c> (alias <c>status_in</c>)
/// and <c>text</c> (case-insensitive substring of the body), combined as in <see cref="ThreadFilter"/>.
/// Contents are stored per thread, so a query must name where to look: at least one of <c>thread</c>,
/// <c>intervention</c>, <c>id</c>, <c>identity</c> or <c>identity_group</c> (422 otherwise). <c>order:created_at.desc</c> (default) or
/// <c>created_at.asc</c>.
/// </summary>
public sealed class ContentFilter
{
    /// <summary>Every keyword served.</summary>
    public static readonly IReadOnlySet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "thread", "intervention", "identity", "identity_group", "source", "status", "status_in", "text",
    };

    /// <summary>Keywords that say where to look; one of them is required.</summary>
    public static readonly IReadOnlySet<string> Narrowing = new HashSet<string>(StringComparer.Ordinal) { "id", "thread", "intervention", "identity", "identity_group" };

    private readonly TermMatcher<ContentSearchFields> _matcher;

    private ContentFilter(SearchQuery query)
    {
        Query = query;
        _matcher = new TermMatcher<ContentSearchFields>(query, Compile, keyword => keyword == "status_in" ? "status" : keyword);
    }

    /// <summary>
    /// The identities of each group named by <c>identity_group</c> terms, by group id: set by the caller (who reads
    /// the groups) before <see cref="Matches"/>; a group missing here has no identities.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> GroupMembers { get; set; } = new Dictionary<string, IReadOnlySet<string>>();

    /// <summary>Every group id named by an <c>identity_group</c> term, negated or not.</summary>
    public IReadOnlyList<string> GroupIds => Query.Terms.Where(t => t.Keyword == "identity_group").Select(t => t.Value).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The parsed query.</summary>
    public SearchQuery Query { get; }

    /// <summary>Newest first (the default) or oldest first.</summary>
    public bool Descending => Query.OrderDescending ?? true;

    /// <summary>The order as a cursor names it.</summary>
    public string OrderName => Descending ? "created_at.desc" : "created_at.asc";

    /// <summary>Values of a non-negated narrowing keyword.</summary>
    public IReadOnlyList<string> ValuesOf(string keyword) => Query.ValuesOf(keyword).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Parses <paramref name="q"/> for contents.</summary>
    /// <exception cref="EngageException">422 <c>invalid_query</c>: unknown keyword, bad order, or nothing narrowing.</exception>
    public static ContentFilter Parse(string? q)
    {
        var query = SearchQuery.Parse(q);
        SearchQuery.RequireKeywords(query, Keywords, "contents");
        if (query.OrderField is not (null or "created_at"))
        {
            throw SearchQuery.Invalid($"order:{query.OrderField} is not served on contents; use created_at.asc or created_at.desc");
        }
        if (!query.Terms.Any(t => !t.Negated && Narrowing.Contains(t.Keyword)))
        {
            throw SearchQuery.Invalid("contents are searched within a thread, an intervention, an identity, an identity group or by id: add thread:, intervention:, identity:, identity_group: or id:");
        }
        return new ContentFilter(query);
    }

    /// <summary>True when <paramref name="content"/> matches every keyword and no negated term.</summary>
    public bool Matches(ContentSearchFields content) => _matcher.Matches(content);

    private Func<ContentSearchFields, bool> Compile(string keyword, string value) => keyword switch
    {
        "identity_group" => c => GroupMembers.TryGetValue(value, out var members) && members.Contains(c.AuthorId),
        "id" => c => c.Id == value,
        "thread" => c => c.ThreadId == value,
        "intervention" => c => c.InterventionId == value,
        "identity" => c => c.AuthorId == value,
        "source" => c => c.SourceId == value,
        "text" => c => c.Body.Contains(value, StringComparison.OrdinalIgnoreCase),
        // The contract's status list is open-ended ("new, assigned, ..."), so an unknown one matches nothing.
        "status" => c => c.Status == value,
        _ => throw new InvalidOperationException($"Keyword {keyword} is listed but not compiled."),
    };
}
