using Engage.Domain.Api;

namespace Engage.UnitTests.Domain;

public class PageCursorTests
{
    [Fact]
    public void A_cursor_decodes_to_what_was_encoded_for_its_own_list_and_order()
    {
        var snapshot = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var raw = new PageCursor("content_threads", "last_content_at.desc", ["0001|abc"], snapshot).Encode();
        Assert.DoesNotContain('=', raw);
        var back = PageCursor.Decode(raw, "content_threads", "last_content_at.desc");
        Assert.Equal(["0001|abc"], back.Position);
        Assert.Equal(snapshot, back.Snapshot);
    }

    [Theory]
    [InlineData("contents", "created_at.desc")]
    [InlineData("content_threads", "created_at.asc")]
    public void Another_list_or_order_is_refused(string list, string order)
    {
        var raw = new PageCursor("content_threads", "created_at.desc", ["x"]).Encode();
        var e = Assert.Throws<EngageException>(() => PageCursor.Decode(raw, list, order));
        Assert.Equal((422, "invalid_cursor"), (e.Status, e.Error));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("e30")]
    [InlineData("eyJMIjoiYSIsIk8iOiJiIiwiUCI6W251bGxdfQ")]
    public void Garbage_is_refused_not_thrown(string raw)
    {
        var e = Assert.Throws<EngageException>(() => PageCursor.Decode(raw, "a", "b"));
        Assert.Equal("invalid_cursor", e.Error);
    }

    [Fact]
    public void A_cursor_with_an_offset_is_refused_and_an_empty_one_means_the_first_page()
    {
        Assert.Equal("invalid_parameter", Assert.Throws<EngageException>(() => Paging.Parse("30", null, "abc")).Error);
        Assert.Null(Paging.Parse(null, null, " ").Cursor);
        Assert.Null(Paging.Parse("0", "10", null).DecodeCursor("a", "b"));
    }
}
