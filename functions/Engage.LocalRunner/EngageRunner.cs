using System.Security.Cryptography;
using Engage.Application.Bootstrap;
using Engage.Functions.Hosting;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.DemoBridge;
using Engage.LocalRunner.DemoChat;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner;

/// <summary>
/// The Engage specifics of the runner: serves the Engage.Functions assembly with <c>AddEngageFunctions</c> and
/// <see cref="InvocationScope"/>, reads host.json and local.settings.json from functions/Engage.Functions (as
/// Core Tools would) when run from the repository, runs the bootstrap, and serves the demo bridge when asked.
/// </summary>
public static class EngageRunner
{
    /// <summary>Options serving Engage.Functions; <paramref name="contentRoot"/> defaults as described above.</summary>
    public static LocalFunctionsHostOptions CreateOptions(string? urls = null, string? contentRoot = null)
    {
        var options = new LocalFunctionsHostOptions
        {
            FunctionsAssembly = typeof(FunctionServices).Assembly,
            ConfigureServices = (services, configuration) =>
            {
                services.AddEngageFunctions(configuration);
                if (DemoBridgeServices.IsEnabled(configuration)) services.AddDemoBridge();
                services.AddDemoChatPage();
            },
            InvocationWrapper = InvocationScope.RunAsync,
            ContentRoot = contentRoot ?? DefaultContentRoot(),
            Urls = urls,
        };
        // Local runs show what each request cost in storage operations (X-Engage-Operations); settings can turn it off.
        options.Defaults["Engage:ExposeOperationCounts"] = "true";
        // Local bridges and bots listen on this machine (the demo bridge too); private networks stay refused.
        options.Defaults["Engage:AllowLoopbackEndpoints"] = "true";
        return options;
    }

    /// <summary>Points the <c>Storage</c> and <c>AzureWebJobsStorage</c> settings at <paramref name="azurite"/>.</summary>
    public static void UseAzurite(LocalFunctionsHostOptions options, AzuriteProcess azurite)
    {
        options.Settings["Storage"] = azurite.ConnectionString;
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
    }

    /// <summary>
    /// Makes <c>Engage:SecretKey</c> default to a random key kept in <c>&lt;repo&gt;/.engage/secret-key</c>, so source
    /// secrets stored in the on-disk Azurite stay readable across runs (Azurite's ports, hence its connection
    /// string, change every run). A key set in local.settings.json or the environment still wins.
    /// </summary>
    public static void UseLocalSecretKey(LocalFunctionsHostOptions options)
    {
        var file = Path.Combine(RepositoryRoot.Find(), ".engage", "secret-key");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        options.Defaults["Engage:SecretKey"] = File.ReadAllText(file).Trim();
    }

    /// <summary>Serves the demo bridge (<see cref="DemoBridgeEndpoint"/>) at <c>/_demo/bridge</c>: the runner's <c>--demo-bridge</c>.</summary>
    public static void UseDemoBridge(LocalFunctionsHostOptions options) => options.Settings[DemoBridgeServices.Setting] = "true";

    /// <summary>Runs <see cref="Bootstrapper"/> (creates tables, queues, roles, admin, demo source); its <c>ToString()</c> is the text to print.</summary>
    public static async Task<BootstrapResult> BootstrapAsync(LocalFunctionsHost host, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var bootstrapper = scope.ServiceProvider.GetRequiredService<Bootstrapper>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Engage.Bootstrap");
        BootstrapResult? result = null;
        await InvocationScope.RunAsync("Bootstrap", logger, async () => result = await bootstrapper.RunAsync(host.BaseUrl, cancellationToken));
        return result!;
    }

    /// <summary>
    /// Once the host listens: points the bootstrap's demo source at the demo bridge and activates it (a signed
    /// <c>implementation.info</c> goes to the bridge). Its <c>ToString()</c> is the text to print after the bootstrap's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host does not serve the demo bridge.</exception>
    public static async Task<DemoBridgeConnection> ConnectDemoBridgeAsync(LocalFunctionsHost host, BootstrapResult bootstrap, CancellationToken cancellationToken)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Engage.DemoBridge");
        DemoBridgeConnection? connection = null;
        await InvocationScope.RunAsync("DemoBridge", logger, async () =>
            connection = await DemoBridgeConnector.ConnectAsync(scope.ServiceProvider, host.BaseUrl, bootstrap, cancellationToken));
        return connection!;
    }

    /// <summary>Where Azurite keeps its data for <c>--azurite</c>: <c>&lt;repo&gt;/.engage/azurite</c>.</summary>
    public static string AzuriteLocation() => Path.Combine(RepositoryRoot.Find(), ".engage", "azurite");

    private static string DefaultContentRoot() =>
        RepositoryRoot.TryFind() is { } root && Directory.Exists(Path.Combine(root, "functions", "Engage.Functions"))
            ? Path.Combine(root, "functions", "Engage.Functions")
            : AppContext.BaseDirectory;
}
