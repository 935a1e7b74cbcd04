namespace Engage.Domain.Search;

/// <summary>
/// How the terms of a <c>q</c> combine (PROTOCOL.md, "REST conventions"): the terms of one keyword match when any
/// of them does, different keywords must all match, and a negated term excludes what it matches.
/// </summary>
/// <typeparam name="T">What is matched: a thread's or a content's search fields.</typeparam>
public sealed class TermMatcher<T>
{
    private readonly List<(string Keyword, List<Func<T, bool>> AnyOf)> _required = [];
    private readonly List<Func<T, bool>> _excluded = [];

    /// <summary>Compiles each term of <paramref name="query"/>; <paramref name="keywordOf"/> maps aliases to one keyword.</summary>
    public TermMatcher(SearchQuery query, Func<string, string, Func<T, bool>> compile, Func<string, string>? keywordOf = null)
    {
        foreach (var term in query.Terms)
        {
            var keyword = keywordOf?.Invoke(term.Keyword) ?? term.Keyword;
            var test = compile(keyword, term.Value);
            if (term.Negated)
            {
                _excluded.Add(test);
                continue;
            }
            var group = _required.FindIndex(g => g.Keyword == keyword);
            if (group < 0) _required.Add((keyword, [test]));
            else _required[group].AnyOf.Add(test);
        }
    }

    /// <summary>True when <paramref name="item"/> matches every keyword and no negated term.</summary>
    public bool Matches(T item) => _required.All(g => g.AnyOf.Any(test => test(item))) && !_excluded.Any(test => test(item));
}
