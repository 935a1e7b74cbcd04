using Engage.Application.Auth;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.UnitTests.Application;

public class CallerTests
{
    private static Caller Agent(string permissionsJson, params string[] flags) =>
        new(new UserEntity { SourcePermissionsJson = permissionsJson }, new RoleEntity { AllSources = false }, flags.ToHashSet());

    [Fact]
    public void Sources_are_readable_only_with_the_read_permission_on_them()
    {
        var caller = Agent("{\"s1\":[\"read\",\"reply\"],\"s2\":[\"reply\"]}");
        Assert.True(caller.CanReadSource("s1"));
        Assert.False(caller.CanReadSource("s2"));
        Assert.False(caller.CanReadSource("s3"));
        Assert.True(caller.HasSourcePermission("s2", "reply"));
    }

    [Fact]
    public void All_sources_roles_read_every_source() =>
        Assert.True(new Caller(new UserEntity(), new RoleEntity { AllSources = true }, new HashSet<string>()).CanReadSource("any"));

    [Fact]
    public void A_missing_flag_is_403_naming_it()
    {
        var error = Assert.Throws<EngageException>(() => Agent("{}", "read_user").Require("create_content_source"));
        Assert.Equal(403, error.Status);
        Assert.Contains("create_content_source", error.Message);
    }
}
