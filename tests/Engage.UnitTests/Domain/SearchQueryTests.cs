using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.UnitTests.Domain;

public class SearchQueryTests
{
    [Fact]
    public void Pairs_quotes_negation_bare_words_and_order_are_read()
    {
        var q = SearchQuery.Parse("thread:\"abc def\" -source:s1 hello source:s2 order:created_at.asc");
        Assert.Equal(
            [new SearchTerm("thread", "abc def", false), new SearchTerm("source", "s1", true), new SearchTerm("text", "hello", false), new SearchTerm("source", "s2", false)],
            q.Terms);
        Assert.Equal(("created_at", (bool?)false), (q.OrderField, q.OrderDescending));
        Assert.Equal(["s2"], q.ValuesOf("source"));
    }

    [Theory]
    [InlineData("thread:\"abc")]
    [InlineData("thread:")]
    [InlineData("order:created_at.sideways")]
    public void Malformed_queries_are_422(string q) =>
        Assert.Equal(422, Assert.Throws<EngageException>(() => SearchQuery.Parse(q)).Status);

    [Theory]
    [InlineData("yes", true)]
    [InlineData("ON", true)]
    [InlineData("0", false)]
    [InlineData("no", false)]
    [InlineData("maybe", null)]
    public void Booleans_accept_the_contract_words(string word, bool? expected) => Assert.Equal(expected, SearchQuery.ParseBoolean(word));
}
