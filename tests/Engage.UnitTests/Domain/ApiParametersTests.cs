using Engage.Domain.Api;

namespace Engage.UnitTests.Domain;

public class ApiParametersTests
{
    [Fact]
    public void Arrays_hashes_booleans_and_empty_values_read_as_the_contract_says()
    {
        var p = new ApiParameters();
        p.Add("category_ids[]", "a");
        p.Add("category_ids[]", "b");
        p.Add("custom_field_values[color]", "red");
        p.Add("custom_field_values[tags][]", "x");
        p.Add("custom_field_values[tags][]", "y");
        p.Add("private", "yes");
        p.Add("title", "");
        Assert.Equal(["a", "b"], p.Strings("category_ids"));
        Assert.Equal(["red"], p.Hash("custom_field_values")["color"]);
        Assert.Equal(["x", "y"], p.Hash("custom_field_values")["tags"]);
        Assert.True(p.Boolean("private"));
        Assert.Null(p.String("title"));
        Assert.True(p.Has("title"));
        Assert.False(p.Has("body"));
    }

    [Fact]
    public void A_boolean_that_is_not_one_of_the_words_is_422()
    {
        var p = new ApiParameters();
        p.Add("active", "perhaps");
        Assert.Equal(422, Assert.Throws<EngageException>(() => p.Boolean("active")).Status);
    }
}
