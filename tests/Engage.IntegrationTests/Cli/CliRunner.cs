using System.Text.Json;
using Engage.Cli;

namespace Engage.IntegrationTests.Cli;

/// <summary>What one in-process run of <c>engage</c> printed and returned.</summary>
public sealed record CliResult(int Code, string Out, string Err)
{
    /// <summary>Standard output parsed as one JSON document.</summary>
    public JsonElement Json => JsonDocument.Parse(Out).RootElement.Clone();

    /// <inheritdoc />
    public override string ToString() => $"exit {Code}\nstdout: {Out}\nstderr: {Err}";
}

/// <summary>Runs the CLI in-process through <see cref="EngageCli.RunAsync"/>, capturing its output.</summary>
public static class CliRunner
{
    /// <summary>Runs <paramref name="args"/> as is.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await EngageCli.RunAsync(args, stdout, stderr);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <paramref name="args"/> against <paramref name="app"/> with its admin token (or <paramref name="token"/>).</summary>
    public static Task<CliResult> RunAsync(Api.EngageFixture app, string? token, params string[] args) =>
        RunAsync([.. args, "--url", app.Host.BaseUrl, "--token", token ?? app.AdminToken]);
}
