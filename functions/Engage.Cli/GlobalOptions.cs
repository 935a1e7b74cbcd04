using System.CommandLine;

namespace Engage.Cli;

/// <summary>The options every command shares (<c>--url</c>, <c>--token</c>, <c>--json</c>) and <c>--storage</c> for storage commands.</summary>
public sealed class GlobalOptions
{
    /// <summary>Default of <c>--url</c>: the local runner.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary><c>--url</c>, else <c>ENGAGE_URL</c>, else <see cref="DefaultUrl"/>.</summary>
    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"Base URL of the API (env ENGAGE_URL, default {DefaultUrl})",
        HelpName = "url",
        Recursive = true,
    };

    /// <summary><c>--token</c>, else <c>ENGAGE_TOKEN</c>.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API access token (env ENGAGE_TOKEN)",
        HelpName = "token",
        Recursive = true,
    };

    /// <summary><c>--json</c>: print the API's JSON, one document, instead of tables.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (the API's answer, one document)",
        Recursive = true,
    };

    /// <summary><c>--storage</c>, else <c>ENGAGE_STORAGE</c>: added only to the commands that use storage directly.</summary>
    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Storage connection string (env ENGAGE_STORAGE)",
        HelpName = "connection-string",
        Recursive = true,
    };
}
