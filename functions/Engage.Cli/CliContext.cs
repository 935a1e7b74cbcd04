using System.CommandLine;
using Spectre.Console;

namespace Engage.Cli;

/// <summary>What one invocation's command needs: its writers, the console for tables, and the resolved global options.</summary>
internal sealed class CliContext(ParseResult parse, GlobalOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
{
    private IAnsiConsole? _console;

    /// <summary>Standard output.</summary>
    public TextWriter Out { get; } = stdout;

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; } = stderr;

    /// <summary>The parse result, for the command's own options.</summary>
    public ParseResult Parse { get; } = parse;

    /// <summary>Ends the command when the user presses Ctrl-C.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>True with <c>--json</c>.</summary>
    public bool Json => Parse.GetValue(options.Json);

    /// <summary>True when a person is at a terminal (never with <c>--json</c>): prompts and spinners are allowed.</summary>
    public bool Interactive => !Json && IsRealConsole && !System.Console.IsInputRedirected;

    private bool IsRealConsole => ReferenceEquals(Out, System.Console.Out) && !System.Console.IsOutputRedirected;

    /// <summary>A Spectre console writing to <see cref="Out"/>; plain (no ANSI, wide) when that is not a terminal.</summary>
    public IAnsiConsole Console
    {
        get
        {
            if (_console is not null) return _console;
            var real = IsRealConsole;
            _console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(Out),
                Ansi = real ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = real ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            });
            if (!real) _console.Profile.Width = 240;
            return _console;
        }
    }

    /// <summary>The API's base URL: <c>--url</c>, <c>ENGAGE_URL</c> or the default.</summary>
    /// <exception cref="CliException">Not an absolute http(s) URL (usage).</exception>
    public Uri BaseUrl
    {
        get
        {
            var text = Parse.GetValue(options.Url) ?? Env("ENGAGE_URL") ?? GlobalOptions.DefaultUrl;
            if (!Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException(ExitCodes.Usage, $"--url must be an absolute http or https URL, not '{text}'.");
            }
            return uri;
        }
    }

    /// <summary>The API token: <c>--token</c> or <c>ENGAGE_TOKEN</c>.</summary>
    /// <exception cref="CliException">Neither is set (usage).</exception>
    public string Token => Parse.GetValue(options.Token) ?? Env("ENGAGE_TOKEN")
        ?? throw new CliException(ExitCodes.Usage, "No API token: pass --token or set ENGAGE_TOKEN ('engage init' prints one).");

    /// <summary>The storage connection string: <c>--storage</c> or <c>ENGAGE_STORAGE</c>.</summary>
    /// <exception cref="CliException">Neither is set (usage).</exception>
    public string Storage => Parse.GetValue(options.Storage) ?? Env("ENGAGE_STORAGE")
        ?? throw new CliException(ExitCodes.Usage, "No storage: pass --storage or set ENGAGE_STORAGE to a storage connection string.");

    /// <summary>A client for the API at <see cref="BaseUrl"/> with <see cref="Token"/>.</summary>
    public ApiClient Api() => new(BaseUrl, Token, CancellationToken);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
