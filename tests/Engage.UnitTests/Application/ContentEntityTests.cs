using Engage.Application.Storage;
using Engage.Application.Storage.Entities;

namespace Engage.UnitTests.Application;

public class ContentEntityTests
{
    [Fact]
    public void A_body_of_20000_emoji_is_split_under_the_property_limit_and_read_back_whole()
    {
        var body = string.Concat(Enumerable.Repeat("😀", 20_000));
        var entity = new ContentEntity { PartitionKey = "p", RowKey = "r", Body = body };
        TableLimits.CheckEntity(entity, EngageStorage.PropertiesOf(entity));
        Assert.False(char.IsHighSurrogate(entity.Body0[^1]));
        Assert.Equal(body, entity.Body);
    }

    [Fact]
    public void A_split_never_lands_inside_a_surrogate_pair()
    {
        var body = new string('a', ContentEntity.BodyPartLength - 1) + "😀" + "tail";
        var entity = new ContentEntity { Body = body };
        Assert.Equal(ContentEntity.BodyPartLength - 1, entity.Body0.Length);
        Assert.Equal(body, entity.Body);
    }

    [Fact]
    public void The_body_is_not_stored_as_its_own_property() =>
        Assert.DoesNotContain("Body", EngageStorage.PropertiesOf(new ContentEntity { Body = "x" }).Keys);
}
