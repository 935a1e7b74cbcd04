using Engage.Domain.Api;

namespace Engage.UnitTests.Domain;

public class PagingTests
{
    [Fact]
    public void Defaults_are_offset_0_and_limit_30() => Assert.Equal(new Paging(0, 30), Paging.Parse(null, ""));

    [Fact]
    public void Limit_150_is_the_most() => Assert.Equal(new Paging(5, 150), Paging.Parse("5", "150"));

    [Theory]
    [InlineData(null, "151")]
    [InlineData(null, "0")]
    [InlineData(null, "abc")]
    [InlineData(null, "1.5")]
    [InlineData("-1", null)]
    [InlineData("99999999999", null)]
    public void Values_out_of_range_are_422_naming_the_parameter(string? offset, string? limit)
    {
        var error = Assert.Throws<EngageException>(() => Paging.Parse(offset, limit));
        Assert.Equal((422, "invalid_parameter"), (error.Status, error.Error));
        Assert.StartsWith(offset is null ? "limit" : "offset", error.Message);
    }
}
