using Engage.Application.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <see cref="EngageFixture"/> for test classes that drive more than 500 requests a minute with the admin's token
/// (walking every list page by page): the per-token limit is raised to 5,000 so the walk itself is what is tested.
/// The limit of 500 is tested with the app's own setting in <c>RateLimitTests</c>.
/// </summary>
public sealed class BusyClientFixture : EngageFixture
{
    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.PostConfigure<RateLimitOptions>(o => o.PerMinute = 5_000);
}
