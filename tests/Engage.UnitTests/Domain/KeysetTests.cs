using Engage.Domain.Api;

namespace Engage.UnitTests.Domain;

/// <summary>Keyset paging in memory: stable order, next_cursor exactly when more follow, no skip or repeat across changes.</summary>
public class KeysetTests
{
    private static IReadOnlyList<string> Key(int n) => [n.ToString("D4")];

    private static KeysetPage<int> Page(IEnumerable<int> items, Paging paging) => Keyset.Page(items, Key, paging, "things", "n.asc");

    [Fact]
    public void Pages_follow_the_key_order_and_the_last_page_has_no_cursor()
    {
        var first = Page([5, 1, 4, 2, 3], new Paging(0, 2));
        Assert.Equal([1, 2], first.Records);
        Assert.Equal(5, first.Count);
        var second = Page([5, 1, 4, 2, 3], new Paging(0, 2, first.NextCursor));
        Assert.Equal([3, 4], second.Records);
        var third = Page([5, 1, 4, 2, 3], new Paging(0, 2, second.NextCursor));
        Assert.Equal([5], third.Records);
        Assert.Null(third.NextCursor);
    }

    [Fact]
    public void A_page_that_ends_exactly_at_the_last_record_has_no_cursor() =>
        Assert.Null(Page([1, 2], new Paging(0, 2)).NextCursor);

    [Fact]
    public void Records_added_or_deleted_between_pages_neither_skip_nor_repeat_the_others()
    {
        var first = Page([10, 20, 30, 40], new Paging(0, 2));
        Assert.Equal([10, 20], first.Records);
        // 20 (the cursor's record) and 10 are deleted, 15 is added before the cursor and 35 after it.
        var second = Page([15, 30, 35, 40], new Paging(0, 2, first.NextCursor));
        Assert.Equal([30, 35], second.Records);
        Assert.Equal([40], Page([15, 30, 35, 40], new Paging(0, 2, second.NextCursor)).Records);
    }

    [Fact]
    public void Offset_still_works_without_a_cursor() => Assert.Equal([3, 4], Page([1, 2, 3, 4, 5], new Paging(2, 2)).Records);

    [Theory]
    [InlineData("other", "n.asc")]
    [InlineData("things", "n.desc")]
    public void A_cursor_of_another_list_or_order_is_422(string list, string order)
    {
        var cursor = new PageCursor(list, order, ["0001"]).Encode();
        var e = Assert.Throws<EngageException>(() => Page([1, 2], new Paging(0, 2, cursor)));
        Assert.Equal((422, "invalid_cursor"), (e.Status, e.Error));
    }

    [Fact]
    public void A_cursor_whose_position_has_another_shape_is_422()
    {
        var cursor = new PageCursor("things", "n.asc", ["0001", "extra"]).Encode();
        Assert.Equal("invalid_cursor", Assert.Throws<EngageException>(() => Page([1, 2], new Paging(0, 2, cursor))).Error);
        Assert.Equal("invalid_cursor", Assert.Throws<EngageException>(() => Keyset.Position(new Paging(0, 2, cursor), "things", "n.asc", parts: 1)).Error);
    }

    [Fact]
    public void Descending_parts_invert_the_order()
    {
        var older = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        Assert.True(string.CompareOrdinal(Keyset.Descending(older.AddTicks(1)), Keyset.Descending(older)) < 0);
        Assert.True(string.CompareOrdinal(Keyset.Ascending(older), Keyset.Ascending(older.AddTicks(1))) < 0);
        Assert.Equal("f0a5", Keyset.DescendingHex("0f5a"));
        Assert.True(string.CompareOrdinal(Keyset.TrueFirst(true), Keyset.TrueFirst(false)) < 0);
    }

    [Fact]
    public void Keys_compare_part_by_part()
    {
        Assert.True(Keyset.Compare(["a", "z"], ["b", "a"]) < 0);
        Assert.True(Keyset.Compare(["a"], ["a", "a"]) < 0);
        Assert.Equal(0, Keyset.Compare(["a", "b"], ["a", "b"]));
    }
}
