using Engage.Application.Storage;

namespace Engage.UnitTests.Application;

public class TableKeysTests
{
    [Theory]
    [InlineData("a/b#c?d\\e|f%g\u0007")]
    [InlineData("https://example.com/thread?id=1#x")]
    public void Escaped_foreign_ids_are_valid_key_parts(string foreignId)
    {
        var part = TableKeys.Escape(foreignId);
        TableLimits.CheckKey("RowKey", TableKeys.Join("h", "source", part));
        Assert.DoesNotContain(TableKeys.Separator, part);
    }

    [Fact]
    public void Different_ids_never_escape_to_the_same_part()
    {
        Assert.NotEqual(TableKeys.Escape("a%2Fb"), TableKeys.Escape("a/b"));
        Assert.NotEqual(TableKeys.Escape("a|b"), TableKeys.Escape("a%7Cb"));
    }

    [Fact]
    public void Long_ids_are_hashed_to_a_short_part()
    {
        var part = TableKeys.Escape(new string('x', 5000));
        Assert.StartsWith("~", part);
        Assert.True(part.Length <= 65);
        Assert.NotEqual(part, TableKeys.Escape(new string('x', 5001)));
    }

    [Fact]
    public void Newest_first_keys_sort_newer_times_first()
    {
        var older = TableKeys.NewestFirst(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var newer = TableKeys.NewestFirst(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(string.CompareOrdinal(newer, older) < 0);
    }
}
