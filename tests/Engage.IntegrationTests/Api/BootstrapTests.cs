using Engage.Application.Bootstrap;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>The bootstrap is idempotent: a second run keeps users, roles and the source, and replaces the token.</summary>
public class BootstrapTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task Running_it_again_keeps_everything_and_replaces_the_token()
    {
        var first = app.Bootstrap;
        var second = await app.Host.Services.GetRequiredService<Bootstrapper>().RunAsync(app.Host.BaseUrl, CancellationToken.None);
        Assert.Equal((first.SourceId, first.SourceSecret, first.AdminEmail), (second.SourceId, second.SourceSecret, second.AdminEmail));
        Assert.NotEqual(first.Token, second.Token);
        Assert.Equal(401, (await app.GetAsync("1.0/roles", first.Token)).Status);
        var (_, roles) = await app.GetAsync("1.0/roles", second.Token);
        Assert.Equal(3, roles.GetProperty("count").GetInt32());
        var (_, users) = await app.GetAsync("1.0/users", second.Token);
        Assert.Equal(1, users.GetProperty("count").GetInt32());
        var (_, sources) = await app.GetAsync("1.0/content_sources", second.Token);
        Assert.Equal(1, sources.GetProperty("count").GetInt32());
        Assert.Contains(second.Token, second.ToString());
        Assert.Contains($"{app.Host.BaseUrl}/realtime/sdk/{second.SourceId}", second.ToString());
    }
}
