using Engage.Domain.Ids;

namespace Engage.UnitTests.Domain;

public class EngageIdTests
{
    [Fact]
    public void Ids_are_24_hex_with_the_creation_second_and_the_bucket()
    {
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var bucket = EngageId.BucketOf("source", "thread");
        var id = EngageId.New(now, bucket);
        Assert.True(EngageId.IsValid(id));
        Assert.Equal(bucket, EngageId.BucketOfId(id));
        Assert.Equal(now, EngageId.CreatedAt(id));
        Assert.NotEqual(id, EngageId.New(now, bucket));
    }

    [Fact]
    public void Ids_sort_by_creation_time()
    {
        var early = EngageId.New(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var late = EngageId.New(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(string.CompareOrdinal(early, late) < 0);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5f1b2c3d4e5f6a7b8c9d0e1")]
    [InlineData("5F1B2C3D4E5F6A7B8C9D0E1F")]
    [InlineData("5f1b2c3d4e5f6a7b8c9d0e1g")]
    public void Malformed_ids_are_invalid(string? id) => Assert.False(EngageId.IsValid(id));

    [Fact]
    public void Buckets_separate_parts_unambiguously() =>
        Assert.NotEqual(EngageId.BucketOf("ab", "c"), EngageId.BucketOf("a", "bc"));
}
