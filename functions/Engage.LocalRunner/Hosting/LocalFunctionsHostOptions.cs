using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Hosting;

/// <summary>What <see cref="LocalFunctionsHost"/> serves and how. Nothing here is specific to one app.</summary>
public sealed class LocalFunctionsHostOptions
{
    /// <summary>The assembly whose <c>[Function]</c> methods are served.</summary>
    public required Assembly FunctionsAssembly { get; init; }

    /// <summary>Registers the app's services (the same registration the Functions host uses).</summary>
    public Action<IServiceCollection, IConfiguration>? ConfigureServices { get; init; }

    /// <summary>Wraps each invocation; by default the body simply runs.</summary>
    public InvocationWrapper? InvocationWrapper { get; init; }

    /// <summary>Folder holding <c>host.json</c> and, optionally, <c>local.settings.json</c>. Default: the runner's base directory.</summary>
    public string ContentRoot { get; init; } = AppContext.BaseDirectory;

    /// <summary>Addresses to listen on (<c>;</c>-separated). Default: <c>ASPNETCORE_URLS</c>, else <see cref="DefaultUrls"/>.</summary>
    public string? Urls { get; init; }

    /// <summary>Settings applied first: host.json, local.settings.json and environment variables override them.</summary>
    public IDictionary<string, string?> Defaults { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Settings applied last, over local.settings.json and environment variables (e.g. Azurite's connection string).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Extra logging setup (tests add their own provider); the console logger is always added.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>
    /// Setting that shortens the 10-minute lease a queue listener takes on each message it receives (a TimeSpan, at
    /// least 2 s). Only for tests that kill a runner: its unfinished messages then reappear in seconds.
    /// </summary>
    public const string QueueLeaseSetting = "LocalRunner:QueueLease";

    /// <summary>The address used when neither <see cref="Urls"/> nor <c>ASPNETCORE_URLS</c> is set.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";
}
