using Engage.Domain.Api;

namespace Engage.UnitTests.Domain;

/// <summary>Checks of list filter values: 422 <c>invalid_parameter</c> naming the parameter.</summary>
public class ListFiltersTests
{
    private const string Id = "65a0000000000000000000a1";

    private static void Assert422(string parameter, Action parse)
    {
        var e = Assert.Throws<EngageException>(parse);
        Assert.Equal((422, "invalid_parameter"), (e.Status, e.Error));
        Assert.StartsWith(parameter, e.Message);
    }

    [Fact]
    public void Ids_are_24_lowercase_hex()
    {
        Assert.Equal(Id, ListFilters.Id("role_id", $" {Id} "));
        Assert.Null(ListFilters.Id("role_id", ""));
        Assert422("role_id", () => ListFilters.Id("role_id", "admin"));
        Assert422("role_id", () => ListFilters.Id("role_id", Id.ToUpperInvariant()));
    }

    [Fact]
    public void Id_lists_split_on_commas_and_drop_repeats()
    {
        Assert.Equal([Id], ListFilters.Ids("ids", [$"{Id}, {Id}", null, ""]));
        Assert422("ids", () => ListFilters.Ids("ids", [$"{Id},x"]));
    }

    [Fact]
    public void Enums_and_booleans_refuse_other_values()
    {
        Assert.Equal("read", ListFilters.OneOf("permission", "read", "read", "initiate_discussion"));
        Assert.Null(ListFilters.OneOf("permission", null, "read"));
        Assert422("permission", () => ListFilters.OneOf("permission", "reply", "read", "initiate_discussion"));
        Assert.True(ListFilters.Boolean("active", "yes"));
        Assert.False(ListFilters.Boolean("active", "0"));
        Assert422("active", () => ListFilters.Boolean("active", "maybe"));
    }

    [Fact]
    public void Unsupported_filters_are_refused_only_when_given()
    {
        ListFilters.Unsupported("team_id", null, "teams are not served");
        ListFilters.Unsupported("team_id", "", "teams are not served");
        Assert422("team_id", () => ListFilters.Unsupported("team_id", Id, "teams are not served"));
    }
}
