namespace Engage.Cli;

/// <summary>The exit codes of <c>engage</c>. Scripts may rely on them; README.md and <c>--help</c> list them.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;
    /// <summary>The API refused the request (a 4xx other than 401, 403 and 404, e.g. 422).</summary>
    public const int Refused = 1;
    /// <summary>The command line is wrong: unknown command or option, missing value, no token or storage given.</summary>
    public const int Usage = 2;
    /// <summary>The URL or the storage cannot be reached (connection refused, DNS, timeout).</summary>
    public const int Unreachable = 3;
    /// <summary>Authentication or permission: the API answered 401 or 403.</summary>
    public const int Auth = 4;
    /// <summary>Not found: the API answered 404, or a queue message does not exist.</summary>
    public const int NotFound = 5;
    /// <summary>The server failed: the API answered 5xx.</summary>
    public const int ServerError = 6;

    /// <summary>The table printed at the end of <c>--help</c>.</summary>
    public const string HelpText = """
        Exit codes:
          0  success
          1  the API refused the request (4xx other than 401, 403, 404), or another failure
          2  usage error (bad arguments, no token or storage given)
          3  cannot reach the URL or the storage (connection refused, DNS, timeout)
          4  authentication or permission (401, 403)
          5  not found (404)
          6  server error (5xx)

        Environment: ENGAGE_URL, ENGAGE_TOKEN, ENGAGE_STORAGE stand in for --url, --token, --storage.
        """;
}
