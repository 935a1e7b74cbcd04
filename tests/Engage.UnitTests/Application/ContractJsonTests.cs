using System.Text.Json;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;

namespace Engage.UnitTests.Application;

public class ContractJsonTests
{
    [Fact]
    public void Contents_serialise_snake_case_with_nulls_present_and_second_precision_utc_times()
    {
        var content = new ContentEntity
        {
            Id = "5f1b2c3d4e5f6a7b8c9d0e1f", ThreadId = "t", SourceId = "s", AuthorId = "a", Body = "<b>😀</b>",
            CreatedAt = new DateTimeOffset(2012, 5, 21, 3, 15, 28, 999, TimeSpan.FromHours(2)),
        };
        var json = JsonSerializer.Serialize(content.ToView(), ContractJson.Options);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("2012-05-21T01:15:28Z", root.GetProperty("created_at").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("in_reply_to_id").ValueKind);
        Assert.Equal("<b>😀</b>", root.GetProperty("body").GetString());
        Assert.Contains("<b>", json);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("foreign_categories").ValueKind);
    }
}
