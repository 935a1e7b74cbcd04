using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Bootstrap;
using Engage.Domain.Channel;
using Engage.LocalRunner;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// A private Azurite (in memory, free ports) and the local runner serving Engage.Functions on a free port,
/// bootstrapped: an admin token and a demo channel SDK source. Tests drive it over HTTP as clients would.
/// </summary>
public class EngageFixture : IAsyncLifetime
{
    private AzuriteProcess? _azurite;
    private LocalFunctionsHost? _host;

    /// <summary>Every log line the app wrote, to check that secrets never appear.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>The running runner.</summary>
    public LocalFunctionsHost Host => _host!;

    /// <summary>The running Azurite.</summary>
    public AzuriteProcess Azurite => _azurite!;

    /// <summary>A client with the runner's base address.</summary>
    public HttpClient Http { get; protected set; } = null!;

    /// <summary>What the bootstrap made.</summary>
    public BootstrapResult Bootstrap { get; private set; } = null!;

    /// <summary>The admin's token.</summary>
    public string AdminToken => Bootstrap.Token;

    /// <inheritdoc />
    public virtual async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(CreateAzuriteOptions());
        var defaults = EngageRunner.CreateOptions(urls: "http://127.0.0.1:0", contentRoot: PrepareContentRoot());
        var options = new LocalFunctionsHostOptions
        {
            FunctionsAssembly = defaults.FunctionsAssembly,
            ConfigureServices = (services, configuration) =>
            {
                defaults.ConfigureServices!(services, configuration);
                ConfigureTestServices(services);
            },
            InvocationWrapper = defaults.InvocationWrapper,
            ContentRoot = defaults.ContentRoot,
            Urls = defaults.Urls,
            ConfigureLogging = logging => logging.AddProvider(Logs),
        };
        EngageRunner.UseAzurite(options, _azurite);
        options.Settings["Engage:ExposeOperationCounts"] = "true";
        // Test bridges and webhook endpoints listen on loopback, as the local runner allows.
        options.Settings["Engage:AllowLoopbackEndpoints"] = "true";
        ConfigureSettings(options.Settings);
        _host = await StartHostAsync(options);
        Bootstrap = await _host.Services.GetRequiredService<Bootstrapper>().RunAsync(_host.BaseUrl, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Builds and starts the runner; a fixture may build it and start it later.</summary>
    protected virtual Task<LocalFunctionsHost> StartHostAsync(LocalFunctionsHostOptions options) => LocalFunctionsHost.StartAsync(options);

    /// <summary>Settings for one fixture, applied over the app's own.</summary>
    protected virtual void ConfigureSettings(IDictionary<string, string?> settings)
    {
    }

    /// <summary>How Azurite starts; null: in memory on free ports.</summary>
    protected virtual AzuriteOptions? CreateAzuriteOptions() => null;

    /// <summary>Stops Azurite as an outage would (SIGINT, so on-disk data is saved); the runner keeps running.</summary>
    public async Task StopAzuriteAsync() => await _azurite!.DisposeAsync();

    /// <summary>Starts Azurite again on the same data folder and ports, so the running app reconnects as to a recovered account.</summary>
    public async Task RestartAzuriteAsync()
    {
        var stopped = _azurite!;
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
        {
            Location = stopped.Location ?? throw new InvalidOperationException("An in-memory Azurite loses everything when stopped."),
            Ports = [stopped.BlobPort, stopped.QueuePort, stopped.TablePort],
        });
    }

    /// <summary>Changes to the app's services for one fixture (registered after the app's own).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>The folder with the host.json to serve from; null for the app's own.</summary>
    protected virtual string? PrepareContentRoot() => null;

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        if (_azurite is not null) await _azurite.DisposeAsync();
    }

    /// <summary>Pushes a signed Send API body to the demo source (or another one).</summary>
    public Task<HttpResponseMessage> PushAsync(string body, string? sourceId = null, string? secret = null, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{sourceId ?? Bootstrap.SourceId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add(ChannelSignature.HeaderName, ChannelSignature.Compute(secret ?? Bootstrap.SourceSecret, bytes));
        return Http.SendAsync(request);
    }

    private static readonly JsonSerializerOptions RawJson = new() { Encoder = Engage.Application.Json.RawUtf8Encoder.Instance };

    /// <summary>A <c>messages.create</c> body in raw UTF-8 JSON; <paramref name="customize"/> edits <c>params</c>.</summary>
    public static string Message(string id, string threadId, string body, string authorId = "u1", string screenname = "alice", Action<JsonObject>? customize = null)
    {
        var parameters = new JsonObject
        {
            ["id"] = id,
            ["thread_id"] = threadId,
            ["body"] = body,
            ["author"] = new JsonObject { ["id"] = authorId, ["screenname"] = screenname },
        };
        customize?.Invoke(parameters);
        return new JsonObject { ["action"] = "messages.create", ["params"] = parameters }.ToJsonString(RawJson);
    }

    /// <summary>GET with a bearer token; returns status and parsed JSON.</summary>
    public async Task<(int Status, JsonElement Json)> GetAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>Sends a write with form parameters and a bearer token; returns status and parsed JSON.</summary>
    public async Task<(int Status, JsonElement Json)> SendFormAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>> form, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? AdminToken);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>
    /// Creates a user with the seeded role <paramref name="role"/>, the comma-separated <paramref name="permissions"/>
    /// on each of <paramref name="sourceIds"/>, and a token; returns the user id, the token and the token's id.
    /// </summary>
    public async Task<(string UserId, string Token, string TokenId)> UserWithTokenAsync(string email, string role, string permissions = "read,reply", params string[] sourceIds)
    {
        var (_, roles) = await GetAsync("1.0/roles");
        var roleId = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == role).GetProperty("id").GetString()!;
        var (created, user) = await SendFormAsync(HttpMethod.Post, "1.0/users", [new("email", email), new("role_id", roleId)]);
        if (created != 200) throw new InvalidOperationException($"Creating {email} failed: {user}");
        var userId = user.GetProperty("id").GetString()!;
        if (sourceIds.Length > 0) await SendFormAsync(HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", sourceIds.Select(s => new KeyValuePair<string, string>(s, permissions)));
        var (_, token) = await SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [new("user_id", userId), new("label", "test")]);
        return (userId, token.GetProperty("token").GetString()!, token.GetProperty("id").GetString()!);
    }

    /// <summary>Parses a JSON answer (a JSON null for an empty body).</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition();
    }
}
