using System.Text.Json;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Http;
using Engage.LocalRunner.Queues;
using Engage.LocalRunner.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Hosting;

/// <summary>
/// Serves every <c>[Function]</c> of an assembly without the Functions host: HTTP triggers on Kestrel, queue
/// triggers with the host's polling, retry and poison rules, timer triggers on their NCRONTAB schedules.
/// <see cref="Create"/> builds it (services are usable, nothing listens yet); <see cref="StartAsync(CancellationToken)"/> serves.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    /// <summary>Path of the JSON list of served functions.</summary>
    public const string FunctionsPath = "/_runner/functions";

    private static readonly JsonSerializerOptions ListJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly WebApplication _app;
    private readonly string _configuredUrl;
    private bool _started;

    private LocalFunctionsHost(WebApplication app, IReadOnlyList<ServedFunction> functions, string configuredUrl)
    {
        _app = app;
        Functions = functions;
        _configuredUrl = configuredUrl;
    }

    /// <summary>The served functions, ordered by name.</summary>
    public IReadOnlyList<ServedFunction> Functions { get; }

    /// <summary>The app's services (root provider).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The configuration the functions see.</summary>
    public IConfiguration Configuration => _app.Configuration;

    /// <summary>The base URL: the first configured address before start, the bound one (real port) after.</summary>
    public string BaseUrl => BaseUrls.Normalize(_started ? _app.Urls.FirstOrDefault() ?? _configuredUrl : _configuredUrl);

    /// <summary>Builds the host: configuration, discovery, services, endpoints and listeners. Nothing runs yet.</summary>
    /// <exception cref="InvalidOperationException">A function cannot be served as declared (the message says why).</exception>
    public static LocalFunctionsHost Create(LocalFunctionsHostOptions options)
    {
        var environment = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT");
        if (string.IsNullOrEmpty(environment))
        {
            environment = Environments.Development;
            Environment.SetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT", environment);
        }
        var contentRoot = Path.GetFullPath(options.ContentRoot);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = contentRoot, EnvironmentName = environment });
        builder.Configuration.Sources.Clear();
        RunnerConfiguration.AddSources(builder.Configuration, contentRoot, options.Defaults, options.Settings);
        var configuration = builder.Configuration;
        var hostSection = configuration.GetSection(RunnerConfiguration.HostSection);

        ConfigureLogging(builder.Logging, hostSection, options);
        var urls = options.Urls ?? Environment.GetEnvironmentVariable("ASPNETCORE_URLS") ?? LocalFunctionsHostOptions.DefaultUrls;
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AllowSynchronousIO = false;
        });

        var routePrefix = hostSection["extensions:http:routePrefix"] ?? "api";
        var skipped = new List<string>();
        var functions = FunctionDiscovery.Discover(options.FunctionsAssembly, configuration, routePrefix, skipped);
        var wrapper = options.InvocationWrapper ?? ((_, _, body) => body());

        options.ConfigureServices?.Invoke(builder.Services, configuration);
        builder.Services.AddMvcCore();
        builder.Services.AddSingleton<QueueWakeup>();
        builder.Services.AddSingleton<IQueueWakeup>(sp => sp.GetRequiredService<QueueWakeup>());
        AddListeners(builder.Services, functions, configuration, hostSection, builder.Environment.IsDevelopment(), wrapper);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Engage.LocalRunner");
        foreach (var reason in skipped) logger.LogWarning("{Reason}", reason);

        var served = functions.Select(f => f.Served).ToList();
        app.MapGet(FunctionsPath, () => Results.Json(served, ListJson));
        HttpFunctionEndpoints.Map(app, functions, wrapper);
        return new LocalFunctionsHost(app, served, urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
    }

    /// <summary>Creates and starts a host.</summary>
    public static async Task<LocalFunctionsHost> StartAsync(LocalFunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        var host = Create(options);
        await host.StartAsync(cancellationToken);
        return host;
    }

    /// <summary>Starts listening (HTTP) and starts the queue and timer listeners.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        _started = true;
    }

    /// <summary>Stops serving; in-flight invocations get the shutdown token and the host's shutdown timeout.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    /// <summary>Completes when the host shuts down (Ctrl-C, SIGTERM or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static void AddListeners(
        IServiceCollection services, IEnumerable<FunctionDescriptor> functions, IConfiguration configuration, IConfiguration hostSection,
        bool development, InvocationWrapper wrapper)
    {
        var connections = new QueueConnections(configuration);
        QueueTriggerOptions? queueOptions = null;
        foreach (var function in functions)
        {
            if (function.Served.Trigger == ServedFunction.QueueTrigger)
            {
                queueOptions ??= QueueTriggerOptions.From(hostSection.GetSection("extensions:queues"), development, configuration[QueueTriggerOptions.LeaseSetting]);
                var client = connections.Get(function.Served.Connection!, function.Name);
                var options = queueOptions;
                services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<QueueListener>(sp, function, client, options, wrapper));
            }
            else if (function.Served.Trigger == ServedFunction.TimerTrigger)
            {
                TimerSchedule.Parse(function.Served.Schedule!, function.Name);
                services.AddSingleton<IHostedService>(sp =>
                    ActivatorUtilities.CreateInstance<TimerListener>(sp, function, wrapper, sp.GetService<TimeProvider>() ?? TimeProvider.System));
            }
        }
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration hostSection, LocalFunctionsHostOptions options)
    {
        logging.ClearProviders();
        logging.AddConfiguration(hostSection.GetSection("logging"));
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Azure", LogLevel.Warning);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        options.ConfigureLogging?.Invoke(logging);
    }
}
