namespace Engage.LocalRunner.Hosting;

/// <summary>Turns a listen address into a URL a browser or curl can use (wildcard hosts become <c>localhost</c>).</summary>
internal static class BaseUrls
{
    /// <summary>Normalises <paramref name="address"/>, without a trailing slash.</summary>
    public static string Normalize(string address)
    {
        var fixedHost = address
            .Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://localhost:", StringComparison.Ordinal)
            .Replace("://[::]:", "://localhost:", StringComparison.Ordinal);
        return fixedHost.TrimEnd('/');
    }
}
