using System.Text;

namespace Engage.Domain.Search;

/// <summary>One <c>keyword:value</c> term of a <c>q</c> parameter; <see cref="Negated"/> for <c>-keyword:value</c>.</summary>
public sealed record SearchTerm(string Keyword, string Value, bool Negated);

/// <summary>
/// The <c>q</c> search language (PROTOCOL.md, "REST conventions"): space-separated <c>keyword:value</c> pairs;
/// double quotes around values with spaces; <c>-keyword:value</c> negates; a bare word means <c>text:word</c>;
/// <c>order:field.asc|desc</c> sets the order. Keywords are checked by the caller against what it serves.
/// </summary>
public sealed class SearchQuery
{
    private SearchQuery(IReadOnlyList<SearchTerm> terms, string? orderField, bool? orderDescending)
    {
        Terms = terms;
        OrderField = orderField;
        OrderDescending = orderDescending;
    }

    /// <summary>The terms other than <c>order</c>, in the order given.</summary>
    public IReadOnlyList<SearchTerm> Terms { get; }

    /// <summary>The field of <c>order:</c>, or null when none was given.</summary>
    public string? OrderField { get; }

    /// <summary>True for <c>.desc</c>, false for <c>.asc</c>, null when no direction was given.</summary>
    public bool? OrderDescending { get; }

    /// <summary>The query in one canonical spelling (terms in order, then the order), to tell two queries apart.</summary>
    public string Canonical => string.Join(' ', Terms.Select(t => $"{(t.Negated ? "-" : "")}{t.Keyword}:\"{t.Value}\""))
        + $" order:{OrderField}.{(OrderDescending is null ? "" : OrderDescending.Value ? "desc" : "asc")}";

    /// <summary>The values of a non-negated keyword (a repeated keyword matches any of its values).</summary>
    public IEnumerable<string> ValuesOf(string keyword) =>
        Terms.Where(t => !t.Negated && t.Keyword == keyword).Select(t => t.Value);

    /// <summary>Parses <paramref name="q"/>; null or blank gives an empty query.</summary>
    /// <exception cref="Api.EngageException">422 <c>invalid_query</c> for an unclosed quote, an empty value or a bad order.</exception>
    public static SearchQuery Parse(string? q)
    {
        var terms = new List<SearchTerm>();
        string? orderField = null;
        bool? orderDesc = null;
        foreach (var token in Tokenize(q ?? string.Empty))
        {
            var negated = token.Key.StartsWith('-');
            var keyword = (negated ? token.Key[1..] : token.Key).ToLowerInvariant();
            if (keyword.Length == 0) throw Invalid("a term has no keyword");
            if (keyword == "order")
            {
                var dot = token.Value.LastIndexOf('.');
                var field = dot < 0 ? token.Value : token.Value[..dot];
                var dir = dot < 0 ? null : token.Value[(dot + 1)..].ToLowerInvariant();
                if (field.Length == 0 || dir is not (null or "asc" or "desc")) throw Invalid($"order:{token.Value} is not field.asc or field.desc");
                orderField = field;
                orderDesc = dir is null ? null : dir == "desc";
                continue;
            }
            if (token.Value.Length == 0) throw Invalid($"{keyword}: has no value");
            terms.Add(new SearchTerm(keyword, token.Value, negated));
        }
        return new SearchQuery(terms, orderField, orderDesc);
    }

    /// <summary>Reads a boolean value as the contract spells them: true/1/on/yes and false/0/off/no.</summary>
    public static bool? ParseBoolean(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => null,
    };

    /// <summary>The 422 <c>invalid_query</c> error, saying <paramref name="why"/>.</summary>
    public static Api.EngageException Invalid(string why) =>
        Api.EngageException.Unprocessable("invalid_query", $"q is invalid: {why}.");

    /// <summary>Refuses a term whose keyword <paramref name="collection"/> does not serve, naming it.</summary>
    /// <exception cref="Api.EngageException">422 <c>invalid_query</c>.</exception>
    public static void RequireKeywords(SearchQuery query, IReadOnlySet<string> served, string collection)
    {
        foreach (var term in query.Terms)
        {
            if (!served.Contains(term.Keyword))
            {
                throw Api.EngageException.Unprocessable("invalid_query", $"Unknown search keyword '{term.Keyword}' on {collection}; supported: {string.Join(", ", served.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Tokenize(string q)
    {
        var i = 0;
        while (i < q.Length)
        {
            while (i < q.Length && char.IsWhiteSpace(q[i])) i++;
            if (i >= q.Length) yield break;
            var key = new StringBuilder();
            var value = new StringBuilder();
            var sawColon = false;
            var target = key;
            while (i < q.Length && !char.IsWhiteSpace(q[i]))
            {
                var c = q[i];
                if (c == ':' && !sawColon)
                {
                    sawColon = true;
                    target = value;
                    i++;
                    continue;
                }
                if (c == '"')
                {
                    var close = q.IndexOf('"', i + 1);
                    if (close < 0) throw Invalid("a quote is not closed");
                    target.Append(q, i + 1, close - i - 1);
                    i = close + 1;
                    continue;
                }
                target.Append(c);
                i++;
            }
            yield return sawColon
                ? new(key.ToString(), value.ToString())
                : key.Length > 0 && key[0] == '-' ? new("-text", key.ToString(1, key.Length - 1)) : new("text", key.ToString());
        }
    }
}
