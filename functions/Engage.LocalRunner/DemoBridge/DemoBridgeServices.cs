using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.LocalRunner.DemoBridge;

/// <summary>
/// Serves <see cref="DemoBridgeEndpoint"/> on the runner's own Kestrel when the setting <see cref="Setting"/> is
/// true (the runner's <c>--demo-bridge</c> flag sets it). Off by default: the Functions host never serves it.
/// </summary>
public static class DemoBridgeServices
{
    /// <summary>The setting that turns the demo bridge on (<c>LocalRunner__DemoBridge=true</c> in the environment or local.settings.json works too).</summary>
    public const string Setting = "LocalRunner:DemoBridge";

    /// <summary>True when <paramref name="configuration"/> asks for the demo bridge.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        bool.TryParse(configuration[Setting], out var enabled) && enabled;

    /// <summary>Registers the bridge and maps it at <see cref="DemoBridgeEndpoint.Path"/> ahead of the functions' routes.</summary>
    public static IServiceCollection AddDemoBridge(this IServiceCollection services)
    {
        services.AddSingleton<DemoBridgeEndpoint>();
        services.AddSingleton<IStartupFilter, DemoBridgeStartupFilter>();
        return services;
    }

    private sealed class DemoBridgeStartupFilter(DemoBridgeEndpoint bridge) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(DemoBridgeEndpoint.Path, branch => branch.Run(bridge.HandleAsync));
            next(app);
        };
    }
}
