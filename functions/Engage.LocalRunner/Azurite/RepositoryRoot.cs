namespace Engage.LocalRunner.Azurite;

/// <summary>Finds the repository root: the nearest folder, walking up, that holds <c>Engage.Functions.sln</c>.</summary>
public static class RepositoryRoot
{
    /// <summary>The marker file.</summary>
    public const string SolutionFile = "Engage.Functions.sln";

    /// <summary>Walks up from <paramref name="start"/> (default: the app's base directory, then the current directory).</summary>
    /// <returns>The root folder, or null when none is found.</returns>
    public static string? TryFind(string? start = null)
    {
        foreach (var origin in start is null ? [AppContext.BaseDirectory, Directory.GetCurrentDirectory()] : new[] { start })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(origin)); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>Like <see cref="TryFind"/>, but throws when there is no root.</summary>
    /// <exception cref="InvalidOperationException">No folder above holds the solution file.</exception>
    public static string Find(string? start = null) =>
        TryFind(start) ?? throw new InvalidOperationException($"Could not find the repository root ({SolutionFile}) above {start ?? AppContext.BaseDirectory}.");
}
