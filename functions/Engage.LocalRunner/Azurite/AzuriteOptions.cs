namespace Engage.LocalRunner.Azurite;

/// <summary>How <see cref="AzuriteProcess"/> starts Azurite.</summary>
public sealed class AzuriteOptions
{
    /// <summary>Data folder (<c>--location</c>); null keeps everything in memory (<c>--inMemoryPersistence</c>).</summary>
    public string? Location { get; init; }

    /// <summary>Repository root holding <c>node_modules/azurite</c>; default: found by walking up to the solution file.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Where Azurite's output goes; default: <c>azurite.log</c> in <see cref="Location"/>, else a new temp file.</summary>
    public string? LogFile { get; init; }

    /// <summary>The Node.js executable.</summary>
    public string NodeExecutable { get; init; } = "node";

    /// <summary>Blob, queue and table ports to listen on; null picks three free ones. A restart on the same data keeps its clients' connection string by passing the old ports.</summary>
    public int[]? Ports { get; init; }

    /// <summary>How long to wait for the three ports to answer.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
