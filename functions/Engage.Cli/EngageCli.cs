using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Net.Sockets;
using Azure;
using Engage.Cli.Commands;

namespace Engage.Cli;

/// <summary>The <c>engage</c> command line: builds the commands, runs one, and maps failures to <see cref="ExitCodes"/>.</summary>
public static class EngageCli
{
    /// <summary>Runs <paramref name="args"/> writing to <paramref name="stdout"/> and <paramref name="stderr"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var options = new GlobalOptions();
        var root = BuildRootCommand(options, stdout, stderr);
        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) await stderr.WriteLineAsync("error: " + error.Message);
            await stderr.WriteLineAsync("Run 'engage --help' for usage.");
            return ExitCodes.Usage;
        }
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var (code, message) = Classify(e);
            await stderr.WriteLineAsync("error: " + message);
            return code;
        }
    }

    /// <summary>The root command with every command group, <paramref name="stdout"/> and <paramref name="stderr"/> bound to the actions.</summary>
    internal static RootCommand BuildRootCommand(GlobalOptions options, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Administers an Engage Functions instance: bootstrap, sources, users, API tokens, webhooks, poison queues.")
        {
            options.Url, options.Token, options.Json,
        };
        var commands = new CommandFactory(options, stdout, stderr);
        root.Add(InitCommand.Create(commands));
        root.Add(SourcesCommands.Create(commands));
        root.Add(UsersCommands.Create(commands));
        root.Add(TokensCommands.Create(commands));
        root.Add(WebhooksCommands.Create(commands));
        root.Add(PoisonCommands.Create(commands));
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            if (help.Action is HelpAction inner) help.Action = new EpilogueHelpAction(inner);
        }
        return root;
    }

    /// <summary>The exit code and one-line message for a failure.</summary>
    internal static (int Code, string Message) Classify(Exception e)
    {
        if (e is CliException cli) return (cli.ExitCode, cli.Message);
        if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0) return Classify(aggregate.InnerExceptions[^1]);
        if (e is RequestFailedException storage)
        {
            var reason = storage.ErrorCode ?? storage.Message.Split('\n')[0];
            return storage.Status switch
            {
                0 => (ExitCodes.Unreachable, $"Cannot reach the storage ({ApiClient.Reason(storage)}). Check --storage or ENGAGE_STORAGE."),
                401 or 403 => (ExitCodes.Auth, $"The storage refused the credentials ({storage.Status} {reason})."),
                404 => (ExitCodes.NotFound, $"Not found in storage ({reason})."),
                >= 500 => (ExitCodes.ServerError, $"Storage error ({storage.Status} {reason})."),
                _ => (ExitCodes.Refused, $"The storage refused the request ({storage.Status} {reason})."),
            };
        }
        if (e is HttpRequestException or SocketException or TimeoutException || e.InnerException is HttpRequestException or SocketException)
        {
            return (ExitCodes.Unreachable, $"Cannot reach the service ({ApiClient.Reason(e)}).");
        }
        return (ExitCodes.Refused, $"{e.GetType().Name}: {e.Message}");
    }

    /// <summary>Prints the default help, then the exit codes.</summary>
    private sealed class EpilogueHelpAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.HelpText);
            return code;
        }
    }
}

/// <summary>Gives command groups the shared options and wraps their actions with a <see cref="CliContext"/>.</summary>
internal sealed class CommandFactory(GlobalOptions options, TextWriter stdout, TextWriter stderr)
{
    /// <summary>The shared options.</summary>
    public GlobalOptions Options { get; } = options;

    /// <summary>Sets <paramref name="command"/>'s action to <paramref name="run"/>, which returns the exit code.</summary>
    public Command WithAction(Command command, Func<CliContext, Task<int>> run)
    {
        command.SetAction((parse, cancellationToken) => run(new CliContext(parse, Options, stdout, stderr, cancellationToken)));
        return command;
    }

    /// <summary>Adds <c>--offset</c> and <c>--limit</c> to a list command.</summary>
    public static (Option<int?> Offset, Option<int?> Limit) AddPaging(Command command)
    {
        var offset = new Option<int?>("--offset") { Description = "Skip this many records (API default 0)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many records, 1 to 150 (API default 30)" };
        command.Add(offset);
        command.Add(limit);
        return (offset, limit);
    }
}
