using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Hosting;

/// <summary>
/// Builds configuration like the Functions host: the runner's defaults, then host.json under <c>AzureFunctionsJobHost</c> (so
/// <c>AzureFunctionsJobHost__extensions__queues__batchSize</c> overrides it, as in Azure), then
/// <c>local.settings.json</c> <c>Values</c> and <c>ConnectionStrings</c>, then environment variables, then the
/// runner's own settings. <c>__</c> in a key means <c>:</c>.
/// </summary>
internal static class RunnerConfiguration
{
    /// <summary>Section holding host.json.</summary>
    public const string HostSection = "AzureFunctionsJobHost";

    /// <summary>Adds the sources in the host's order of precedence (later wins).</summary>
    public static void AddSources(
        IConfigurationBuilder builder, string contentRoot, IEnumerable<KeyValuePair<string, string?>> defaults, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        builder.AddInMemoryCollection(defaults.Select(kv => Pair(kv.Key, kv.Value)));
        builder.AddInMemoryCollection(ReadJson(Path.Combine(contentRoot, "host.json"))
            .Select(kv => Pair($"{HostSection}:{kv.Key}", kv.Value)));
        var local = ReadJson(Path.Combine(contentRoot, "local.settings.json")).ToList();
        builder.AddInMemoryCollection(local
            .Where(kv => kv.Key.StartsWith("Values:", StringComparison.OrdinalIgnoreCase))
            .Select(kv => Pair(kv.Key["Values:".Length..], kv.Value)));
        builder.AddInMemoryCollection(local.Where(kv => kv.Key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase)));
        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(settings.Select(kv => Pair(kv.Key, kv.Value)));
    }

    private static KeyValuePair<string, string?> Pair(string key, string? value) => new(key.Replace("__", ":", StringComparison.Ordinal), value);

    private static IEnumerable<KeyValuePair<string, string?>> ReadJson(string path) =>
        File.Exists(path)
            ? new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build()
                .AsEnumerable().Where(kv => kv.Value is not null)
            : [];
}
