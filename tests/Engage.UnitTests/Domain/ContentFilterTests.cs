using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.UnitTests.Domain;

public class ContentFilterTests
{
    private static readonly ContentSearchFields Content = new("c1", "t1", "s1", "i1", "assigned", "v1", "Where is my Parcel?");

    [Theory]
    [InlineData("thread:t1", true)]
    [InlineData("thread:t2", false)]
    [InlineData("thread:t2 thread:t1", true)]
    [InlineData("id:c1", true)]
    [InlineData("intervention:v1", true)]
    [InlineData("identity:i1 -intervention:v1", false)]
    [InlineData("thread:t1 source:s1", true)]
    [InlineData("thread:t1 -source:s1", false)]
    [InlineData("thread:t1 status:assigned", true)]
    [InlineData("thread:t1 status_in:new status_in:assigned", true)]
    [InlineData("thread:t1 -status_in:assigned", false)]
    [InlineData("thread:t1 parcel", true)]
    [InlineData("thread:t1 text:\"my parcel\"", true)]
    [InlineData("thread:t1 -text:parcel", false)]
    public void Keywords_combine_as_any_within_and_all_across(string q, bool expected) =>
        Assert.Equal(expected, ContentFilter.Parse(q).Matches(Content));

    [Theory]
    [InlineData("text:parcel", "thread:")]
    [InlineData("-thread:t1", "thread:")]
    [InlineData("thread:t1 customer:g", "'customer'")]
    [InlineData("thread:t1 order:updated_at.desc", "created_at")]
    public void Bad_input_is_422_invalid_query(string q, string why)
    {
        var e = Assert.Throws<EngageException>(() => ContentFilter.Parse(q));
        Assert.Equal((422, "invalid_query"), (e.Status, e.Error));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Identity_group_matches_the_authors_the_caller_resolved_for_it()
    {
        var filter = ContentFilter.Parse("identity_group:g1");
        Assert.Equal(["g1"], filter.GroupIds);
        Assert.False(filter.Matches(Content));
        filter.GroupMembers = new Dictionary<string, IReadOnlySet<string>> { ["g1"] = new HashSet<string> { "i0", "i1" } };
        Assert.True(filter.Matches(Content));
        var negated = ContentFilter.Parse("thread:t1 -identity_group:g1");
        negated.GroupMembers = filter.GroupMembers;
        Assert.False(negated.Matches(Content));
    }

    [Fact]
    public void Order_defaults_to_newest_first()
    {
        Assert.Equal("created_at.desc", ContentFilter.Parse("thread:t").OrderName);
        Assert.Equal("created_at.asc", ContentFilter.Parse("thread:t order:created_at.asc").OrderName);
    }
}
