using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Engage.InfraTests;

/// <summary>
/// Compiles infra/main.bicep once per test run with the Bicep CLI that this project downloads from NuGet
/// (PackageDownload in the csproj) into a temporary directory, and parses the ARM JSON and the local settings sample.
/// </summary>
public sealed class CompiledInfra : IDisposable
{
    private readonly string _outDir = Directory.CreateTempSubdirectory("engage-infra-").FullName;

    public CompiledInfra()
    {
        RepoRoot = FindRepoRoot();
        var bicep = Metadata("BicepCli");
        if (!File.Exists(bicep))
            throw new InvalidOperationException($"Bicep CLI not found at {bicep}: restore tests/Engage.InfraTests (it downloads Azure.Bicep.CommandLine.linux-x64).");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        var output = Path.Combine(_outDir, "main.json");
        var start = new ProcessStartInfo(bicep) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "build", Path.Combine(RepoRoot, "infra", "main.bicep"), "--outfile", output }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        BuildOutput = stdout.Result + stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"bicep build infra/main.bicep failed ({process.ExitCode}):\n{BuildOutput}");

        Template = (JsonObject)JsonNode.Parse(File.ReadAllText(output))!;
        LocalSettingsSample = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "local.settings.sample.json")))!;
    }

    /// <summary>The repository root (the folder with Engage.Functions.sln).</summary>
    public string RepoRoot { get; }

    /// <summary>What <c>bicep build</c> printed (diagnostics).</summary>
    public string BuildOutput { get; }

    /// <summary>The compiled template; tests that edit it work on <see cref="JsonNode.DeepClone"/>.</summary>
    public JsonObject Template { get; }

    /// <summary>local.settings.sample.json at the repository root.</summary>
    public JsonObject LocalSettingsSample { get; }

    public static string Metadata(string key) =>
        typeof(CompiledInfra).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engage.Functions.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Repository root (Engage.Functions.sln) not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Directory.Delete(_outDir, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraCollection : ICollectionFixture<CompiledInfra>
{
    public const string Name = "compiled infra";
}
