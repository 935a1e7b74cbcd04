using Engage.Domain.Api;
using Engage.Domain.Search;

namespace Engage.UnitTests.Domain;

public class ThreadFilterTests
{
    private static readonly DateTimeOffset March = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static ThreadSearchFields Thread(
        string id = "t1", string source = "s1", string foreign = "f1", string? title = "Refund for order 12", bool closed = false,
        string[]? categories = null, string[]? authors = null, string? user = null, string? language = "en",
        DateTimeOffset? first = null, DateTimeOffset? last = null) =>
        new(id, source, foreign, title, closed, categories ?? [], authors ?? ["i1"], user, language, first ?? March, last ?? March.AddDays(3));

    [Fact]
    public void Identity_group_matches_a_thread_one_of_its_identities_wrote_in()
    {
        var filter = ThreadFilter.Parse("identity_group:g1");
        Assert.Equal(["g1"], filter.GroupIds);
        Assert.False(filter.Matches(Thread()));
        filter.GroupMembers = new Dictionary<string, IReadOnlySet<string>> { ["g1"] = new HashSet<string> { "i0", "i1" } };
        Assert.True(filter.Matches(Thread()));
        Assert.False(filter.Matches(Thread(authors: ["i2"])));
    }

    [Theory]
    [InlineData("source:s1", true)]
    [InlineData("source:s2", false)]
    [InlineData("source:s2 source:s1", true)]
    [InlineData("-source:s1", false)]
    [InlineData("identity:i1", true)]
    [InlineData("identity:i2", false)]
    [InlineData("foreign:f1", true)]
    [InlineData("refund", true)]
    [InlineData("text:\"ORDER 12\"", true)]
    [InlineData("-refund", false)]
    [InlineData("text:parcel text:refund", true)]
    [InlineData("language:EN", true)]
    [InlineData("language:fr", false)]
    [InlineData("status_in:open", true)]
    [InlineData("status_in:closed", false)]
    [InlineData("categorized:false", true)]
    [InlineData("assigned:no", true)]
    [InlineData("first_content_after:2024-02-29", true)]
    [InlineData("first_content_after:2024-03-01", false)]
    [InlineData("first_content_before:2024-03-01T00:00:01Z", true)]
    [InlineData("last_content_after:2024-03-03T23:00:00-02:00", false)]
    [InlineData("last_content_before:2024-03-05", true)]
    [InlineData("source:s1 identity:i9", false)]
    public void An_open_unassigned_thread_matches_as_each_keyword_says(string q, bool expected) =>
        Assert.Equal(expected, ThreadFilter.Parse(q).Matches(Thread()));

    [Fact]
    public void Assignment_keywords_read_the_active_user_and_the_closed_flag()
    {
        var open = Thread(user: "u1");
        var closed = Thread(user: "u1", closed: true);
        Assert.True(ThreadFilter.Parse("assigned_to:u1").Matches(closed));
        Assert.False(ThreadFilter.Parse("opened_and_assigned_to:u1").Matches(closed));
        Assert.True(ThreadFilter.Parse("opened_and_assigned_to:u1").Matches(open));
        Assert.True(ThreadFilter.Parse("active_and_assigned:1").Matches(open));
        Assert.False(ThreadFilter.Parse("active_and_assigned:1").Matches(closed));
        Assert.True(ThreadFilter.Parse("-assigned_to:u2 assigned:yes").Matches(open));
    }

    [Fact]
    public void Categorized_in_matches_any_of_its_values_and_negation_excludes_each()
    {
        var thread = Thread(categories: ["c1", "c2"]);
        Assert.True(ThreadFilter.Parse("categorized_in:c9 categorized_in:c2").Matches(thread));
        Assert.False(ThreadFilter.Parse("categorized_in:c1 -categorized_in:c2").Matches(thread));
        Assert.True(ThreadFilter.Parse("categorized:on").Matches(thread));
    }

    [Theory]
    [InlineData("colour:red", "'colour'")]
    [InlineData("-colour:red", "'colour'")]
    [InlineData("first_content_after:03/04/2011", "ambiguous")]
    [InlineData("last_content_before:04.03.2011", "ambiguous")]
    [InlineData("last_content_before:2011-13-45", "ISO 8601")]
    [InlineData("assigned:perhaps", "boolean")]
    [InlineData("status_in:pending", "open or closed")]
    [InlineData("order:created_at.desc", "last_content_at")]
    [InlineData("order:last_content_at.asc", "last_content_at")]
    public void Bad_input_is_422_invalid_query_saying_why(string q, string why)
    {
        var e = Assert.Throws<EngageException>(() => ThreadFilter.Parse(q));
        Assert.Equal((422, "invalid_query"), (e.Status, e.Error));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Only_source_terms_do_not_need_a_scan()
    {
        Assert.False(ThreadFilter.Parse("source:a -source:b order:last_content_at.desc").FiltersBeyondSource);
        Assert.True(ThreadFilter.Parse("source:a assigned:true").FiltersBeyondSource);
    }
}
