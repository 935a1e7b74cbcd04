namespace Engage.LocalRunner;

/// <summary>
/// The runner's command line: <c>--azurite</c>, <c>--bootstrap</c>, <c>--demo-bridge</c> (needs <c>--bootstrap</c>:
/// serves the sample channel SDK bridge at <c>/_demo/bridge</c> and connects the demo source to it),
/// <c>--urls &lt;addresses&gt;</c>.
/// </summary>
public sealed record RunnerFlags(bool Azurite, bool Bootstrap, string? Urls, bool DemoBridge = false)
{
    /// <summary>One-line usage text.</summary>
    public const string Usage = "usage: Engage.LocalRunner [--azurite] [--bootstrap [--demo-bridge]] [--urls http://127.0.0.1:7071]";

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="ArgumentException">An unknown argument or a missing value (the message includes the usage).</exception>
    public static RunnerFlags Parse(IReadOnlyList<string> args)
    {
        var flags = new RunnerFlags(false, false, null);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            flags = arg switch
            {
                "--azurite" => flags with { Azurite = true },
                "--bootstrap" => flags with { Bootstrap = true },
                "--demo-bridge" => flags with { DemoBridge = true },
                "--urls" when i + 1 < args.Count => flags with { Urls = args[++i] },
                _ when arg.StartsWith("--urls=", StringComparison.Ordinal) => flags with { Urls = arg["--urls=".Length..] },
                _ => throw new ArgumentException($"Unknown or incomplete argument '{arg}'. {Usage}"),
            };
        }
        if (flags.DemoBridge && !flags.Bootstrap) throw new ArgumentException($"--demo-bridge needs --bootstrap (it connects the bootstrap's demo source). {Usage}");
        return flags;
    }
}
