using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalRunner.Discovery;

/// <summary>Resolves <c>%Setting%</c> tokens in attribute values from configuration, as the Functions host's name resolver does.</summary>
internal static partial class SettingResolver
{
    /// <summary>Replaces every <c>%Name%</c> with the setting's value.</summary>
    /// <exception cref="InvalidOperationException">A referenced setting is not set.</exception>
    public static string Resolve(string value, IConfiguration configuration, string functionName) =>
        Token().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            var resolved = configuration[name] ?? configuration[name.Replace("__", ":", StringComparison.Ordinal)];
            return string.IsNullOrEmpty(resolved)
                ? throw new InvalidOperationException($"Function '{functionName}' refers to setting '%{name}%', which is not set.")
                : resolved;
        });

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Token();
}
