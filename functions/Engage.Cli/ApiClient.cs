using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Cli;

/// <summary>An answer of the API: its raw JSON text (printed as is with <c>--json</c>) and the parsed document.</summary>
public sealed record ApiAnswer(string Text, JsonNode? Json);

/// <summary>
/// Calls the Engage HTTP API with a bearer token and form parameters. Turns every failure into a
/// <see cref="CliException"/> with the exit code scripts rely on and a one-line message.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationToken _cancellationToken;

    /// <summary>A client for <paramref name="baseUrl"/> (ending in <c>/</c>).</summary>
    public ApiClient(Uri baseUrl, string token, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _cancellationToken = cancellationToken;
    }

    /// <summary>The API's base URL.</summary>
    public Uri BaseUrl => _http.BaseAddress!;

    /// <summary>GET <paramref name="path"/> (relative, e.g. <c>1.0/roles</c>) with optional query parameters.</summary>
    public Task<ApiAnswer> GetAsync(string path, params (string Name, string? Value)[] query) =>
        SendAsync(HttpMethod.Get, path + Query(query), null);

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> with form-encoded <paramref name="form"/>.</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        var target = new Uri(_http.BaseAddress!, path);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, _cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach {_http.BaseAddress} ({Reason(e)}). Check --url or ENGAGE_URL.", e);
        }
        catch (TaskCanceledException e) when (!_cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{_http.BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} seconds.", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(_cancellationToken);
            var json = TryParse(text);
            if (response.IsSuccessStatusCode) return new ApiAnswer(text, json);
            throw Failure(method, target, (int)response.StatusCode, json, text);
        }
    }

    /// <summary>Maps an HTTP error answer to its exit code and a message that quotes the API's <c>message</c>.</summary>
    internal static CliException Failure(HttpMethod method, Uri target, int status, JsonNode? json, string text)
    {
        var apiMessage = (json as JsonObject)?["message"]?.GetValue<string>();
        var apiError = (json as JsonObject)?["error"]?.GetValue<string>();
        var said = apiMessage ?? (text.Length is > 0 and <= 200 && json is null ? text.Trim() : null);
        var what = $"{method.Method} {target.AbsolutePath}";
        return status switch
        {
            401 => new CliException(ExitCodes.Auth, $"Authentication failed (401{Code(apiError)}){Suffix(said)}. Check --token or ENGAGE_TOKEN."),
            403 => new CliException(ExitCodes.Auth, $"Permission denied (403{Code(apiError)}){Suffix(said)}"),
            404 => new CliException(ExitCodes.NotFound, $"Not found (404): {what}{Suffix(said)}"),
            >= 500 => new CliException(ExitCodes.ServerError, $"Server error ({status}{Code(apiError)}) on {what}{Suffix(said)}"),
            _ => new CliException(ExitCodes.Refused, $"The API refused {what} ({status}{Code(apiError)}){Suffix(said)}"),
        };
    }

    private static string Code(string? error) => error is null ? "" : " " + error;

    private static string Suffix(string? message) => string.IsNullOrWhiteSpace(message) ? "" : ": " + message.TrimEnd('.') + ".";

    /// <summary>The root cause of a connection failure, e.g. "Connection refused".</summary>
    internal static string Reason(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException socket) return socket.SocketErrorCode == SocketError.HostNotFound ? "host not found" : socket.Message;
        }
        return e.Message;
    }

    private static JsonNode? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Query((string Name, string? Value)[] query)
    {
        var parts = query.Where(q => q.Value is not null).Select(q => $"{WebUtility.UrlEncode(q.Name)}={WebUtility.UrlEncode(q.Value)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
