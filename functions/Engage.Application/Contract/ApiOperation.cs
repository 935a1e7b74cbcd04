using System.Text.RegularExpressions;

namespace Engage.Application.Contract;

/// <summary>
/// One HTTP operation under <c>/1.0</c>: an upper-case method (<c>GET</c>, <c>POST</c>, ...) and a path relative to
/// <c>/1.0</c> as <c>openapi.yaml</c> writes it (<c>/content_sources/{sourceId}</c>). Two operations are the same
/// when their methods and <see cref="Template"/>s match, whatever their path parameters are called: our routes say
/// <c>{id}</c> where the contract says <c>{sourceId}</c>.
/// </summary>
public sealed partial record ApiOperation(string Method, string Path)
{
    /// <summary>The path with every parameter name dropped (<c>/content_sources/{}</c>).</summary>
    public string Template => Parameter().Replace(Path, "{}");

    /// <summary>The key two operations are compared on: <c>GET /content_sources/{}</c>.</summary>
    public string Key => $"{Method.ToUpperInvariant()} {Template}";

    /// <summary>The names of the path parameters, in order.</summary>
    public IReadOnlyList<string> PathParameters => Parameter().Matches(Path).Select(m => m.Value[1..^1]).ToList();

    /// <summary>
    /// The operation a Functions route serves: <paramref name="route"/> as written in <c>[HttpTrigger]</c>
    /// (<c>1.0/roles/{id}</c>), or null when it is not under <c>1.0/</c> (the Send API, <c>realtime/sdk/...</c>).
    /// </summary>
    public static ApiOperation? FromRoute(string method, string route) =>
        route.StartsWith("1.0/", StringComparison.Ordinal) ? new(method.ToUpperInvariant(), route[3..]) : null;

    /// <inheritdoc />
    public override string ToString() => $"{Method} /1.0{Path}";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
