using Engage.Application.IdentityGroups;
using Engage.Application.Identities;
using Engage.Application.Interventions;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;
using Engage.Application.Users;
using Engage.Domain.Api;

namespace Engage.UnitTests.Application;

/// <summary>The documented filters of the identity, user, source and intervention comment lists: served, or 422 naming them.</summary>
public class ListFilterParsingTests
{
    private const string Id = "65a0000000000000000000a1";

    private static string Rejected(Action parse)
    {
        var e = Assert.Throws<EngageException>(parse);
        Assert.Equal((422, "invalid_parameter"), (e.Status, e.Error));
        return e.Message;
    }

    [Fact]
    public void Identities_serve_source_and_foreign_id()
    {
        var filter = IdentityListFilter.Parse(Id, "a|b", null, null, null, null, null, "created_at");
        Assert.Equal(new IdentityListFilter(Id, "a|b"), filter);
    }

    [Theory]
    [InlineData("community_id")]
    [InlineData("user_id")]
    [InlineData("uuid")]
    public void Identity_filters_on_what_we_do_not_store_are_422(string parameter)
    {
        string? V(string name) => name == parameter ? Id : null;
        Assert.StartsWith(parameter, Rejected(() => IdentityListFilter.Parse(null, null, V("community_id"), V("identity_group_id"), V("identity_group_ids"), V("user_id"), V("uuid"), null)));
    }

    [Fact]
    public void Identities_filter_by_identity_groups_one_or_many()
    {
        const string other = "5f1b2c3d4e5f6a7b8c9d0eff";
        Assert.Equal([Id, other], IdentityListFilter.Parse(null, null, null, Id, $"{other},{Id}", null, null, null).IdentityGroupIds);
        Assert.Null(IdentityListFilter.Parse(null, null, null, null, null, null, null, null).IdentityGroupIds);
        Assert.Contains("identity_group_ids", Rejected(() => IdentityListFilter.Parse(null, null, null, null, "not-an-id", null, null, null)));
    }

    [Theory]
    [InlineData("updated_at")]
    [InlineData("name")]
    public void Identities_sort_by_creation_only(string sort) =>
        Assert.Contains("sort", Rejected(() => IdentityListFilter.Parse(null, null, null, null, null, null, null, sort)));

    [Fact]
    public void A_malformed_source_id_is_422() => Assert.StartsWith("source_id", Rejected(() => IdentityListFilter.Parse("src", null, null, null, null, null, null, null)));

    [Fact]
    public void Users_match_email_case_insensitively_and_role_exactly()
    {
        var filter = UserListFilter.Parse(" Ann@Example.com ", null, null, null, Id, null);
        Assert.True(filter.Matches(new UserEntity { Email = "ann@example.COM", RoleId = Id }));
        Assert.False(filter.Matches(new UserEntity { Email = "ann@example.com", RoleId = "65a0000000000000000000a2" }));
        Assert.False(filter.Matches(new UserEntity { Email = "bob@example.com", RoleId = Id }));
    }

    [Theory]
    [InlineData("category_id")]
    [InlineData("identity_id")]
    [InlineData("external_id")]
    [InlineData("team_id")]
    public void User_filters_on_what_we_do_not_store_are_422(string parameter)
    {
        string? V(string name) => name == parameter ? Id : null;
        Assert.StartsWith(parameter, Rejected(() => UserListFilter.Parse(null, V("category_id"), V("identity_id"), V("external_id"), null, V("team_id"))));
    }

    [Fact]
    public void Sources_default_to_the_read_permission_and_check_values()
    {
        Assert.Equal(new SourceListFilter("read", null), SourceListFilter.Parse(null, null));
        Assert.Equal(new SourceListFilter("initiate_discussion", false), SourceListFilter.Parse("initiate_discussion", "false"));
        Assert.StartsWith("permission", Rejected(() => SourceListFilter.Parse("reply", null)));
        Assert.StartsWith("active", Rejected(() => SourceListFilter.Parse(null, "maybe")));
    }

    [Fact]
    public void Comments_need_an_intervention_or_a_thread_and_ids_everywhere()
    {
        Assert.Equal("missing_parameter", Assert.Throws<EngageException>(() => CommentListFilter.Parse(null, null, Id, null)).Error);
        Assert.Equal(Id, CommentListFilter.Parse(null, Id, null, null).Anchor);
        Assert.StartsWith("identity_id", Rejected(() => CommentListFilter.Parse(Id, null, null, "x")));
    }

    [Fact]
    public void Identity_groups_filter_by_names_email_and_ids_and_sort_newest_first()
    {
        var filter = IdentityGroupListFilter.Parse("Ann", "Lee", "ann@example.com", null, $"{Id},{Id}", "updated_at");
        Assert.Equal(("Ann", "Lee", "ann@example.com", true, "updated_at.desc"), (filter.Firstname, filter.Lastname, filter.Email, filter.ByUpdate, filter.Order));
        Assert.Equal([Id], filter.Ids!);
        Assert.Equal("created_at.desc", IdentityGroupListFilter.Parse(null, null, null, null, null, null).Order);
        Assert.StartsWith("uuid", Rejected(() => IdentityGroupListFilter.Parse(null, null, null, "u", null, null)));
        Assert.Contains("sort", Rejected(() => IdentityGroupListFilter.Parse(null, null, null, null, null, "name")));
        Assert.Contains("ids", Rejected(() => IdentityGroupListFilter.Parse(null, null, null, null, "nope", null)));
    }
}
