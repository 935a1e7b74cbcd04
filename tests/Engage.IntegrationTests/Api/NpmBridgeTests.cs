using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Channel;
using Engage.LocalRunner.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// The public npm bridge <c>ringcentral-engage-source</c> (its bin <c>rces</c> with its bundled
/// <c>example-configs/demo-config.js</c>) as the endpoint of a channel SDK source: it checks our request signatures
/// by re-serialising the parsed JSON (<c>JSON.stringify</c>), and signs its answers the same way.
/// </summary>
public class NpmBridgeTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private const string Secret = "npm-bridge-secret-7f3a9c1e5b";

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Fact]
    public async Task The_npm_bridge_accepts_our_signed_implementation_info_messages_list_and_messages_create()
    {
        await using var bridge = await NpmBridge.StartAsync(Secret);

        // Activation sends a signed implementation.info: the bridge must accept it (else the source stays inactive).
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources",
            [P("name", "npm ringcentral-engage-source"), P("endpoint_url", bridge.Url), P("secret", Secret), P("active", "true")]);
        Assert.Equal(200, status);
        Assert.True(created.GetProperty("active").GetBoolean(), $"source inactive: {created}\n{bridge.Log}");
        var sourceId = created.GetProperty("id").GetString()!;
        var messages = created.GetProperty("capabilities").GetProperty("objects").GetProperty("messages").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("create", messages);
        Assert.Contains("list", messages);

        // A signed messages.list through our client: the answer's signature is checked by the client itself.
        var client = app.Host.Services.GetRequiredService<ChannelSdkClient>();
        var listed = await client.SendAsync(bridge.Url, Secret, "messages.list", new { since_id = (string?)null }, CancellationToken.None);
        Assert.Equal(200, listed.Status);
        Assert.Empty(Assert.IsType<JsonArray>(listed.Json));

        // A customer message, an intervention, and a reply that must reach the bridge as messages.create.
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("npm-src-1", "npm-src-thread", "Bonjour 👋 où est ma commande ?", "npm-u1", "Zoé"), sourceId, Secret)).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "npm-src-thread").GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var customer = contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == "npm-src-1").GetProperty("id").GetString()!;
        var (opened, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={customer}", []);
        Assert.Equal(200, opened);

        const string text = "Demain — “en route” 🚚\n<b>promis</b> & 'juré' \"sûr\"\tcafé";
        using var request = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body = text, in_reply_to_id = customer }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replyId = (await EngageFixture.ReadJsonAsync(response)).GetProperty("id").GetString()!;

        JsonElement reply = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (reply = (await app.GetAsync($"1.0/contents/{replyId}")).Json).GetProperty("synchronization_status").GetString() is "success" or "failed",
            TimeSpan.FromSeconds(60)), $"the reply never left pending: {reply}\n{bridge.Log}");
        Assert.True(reply.GetProperty("synchronization_status").GetString() == "success", $"reply not delivered: {reply}\n{bridge.Log}");
        Assert.Equal(text, reply.GetProperty("body").GetString());

        // The bridge logs each body it accepted (console.log('body:', body)); a refused one is answered 422.
        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(bridge.Log.Contains("'messages.create'", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)), bridge.Log);
        Assert.Contains(replyId, bridge.Log);
        Assert.DoesNotContain("Invalid signature", bridge.Log);
        Assert.DoesNotContain("POST / 422", bridge.Log);
    }

    [Fact]
    public async Task The_npm_bridge_really_checks_signatures_a_source_with_another_secret_stays_inactive()
    {
        await using var bridge = await NpmBridge.StartAsync(Secret);
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources",
            [P("name", "npm bridge, wrong secret"), P("endpoint_url", bridge.Url), P("secret", "not-the-bridge-secret-0000"), P("active", "true")]);
        Assert.Equal(200, status);
        Assert.False(created.GetProperty("active").GetBoolean());
        Assert.Contains("HTTP 422", created.GetProperty("inactive_reason").GetString()); // the bridge's {"error":"Invalid signature"}
    }
}

/// <summary>
/// Runs <c>node_modules/ringcentral-engage-source/bin/rces.js</c> (what <c>npx rces</c> runs) with the package's
/// <c>example-configs/demo-config.js</c> on a free loopback port, keyed with a secret of our choice
/// (<c>RINGCENTRAL_ENGAGE_DIGITAL_API_TOKEN</c> is the secret it signs and verifies with). Killed on dispose.
/// </summary>
public sealed class NpmBridge : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly ConcurrentQueue<string> _lines;

    private NpmBridge(Process process, string folder, ConcurrentQueue<string> lines, string url)
    {
        _process = process;
        _folder = folder;
        _lines = lines;
        Url = url;
    }

    /// <summary>The bridge's endpoint (it serves <c>POST /</c>).</summary>
    public string Url { get; }

    /// <summary>Everything the bridge wrote so far (stdout and stderr).</summary>
    public string Log => string.Join('\n', _lines);

    /// <summary>Starts the bridge and waits until it answers <c>GET /test</c>.</summary>
    public static async Task<NpmBridge> StartAsync(string secret)
    {
        var package = Path.Combine(RepositoryRoot.Find(), "node_modules", "ringcentral-engage-source");
        var bin = Path.Combine(package, "bin", "rces.js");
        var config = Path.Combine(package, "example-configs", "demo-config.js");
        if (!File.Exists(bin)) throw new InvalidOperationException($"{bin} is missing: run `npm ci --ignore-scripts` at the repository root.");
        var port = FreePorts.Take(1)[0];
        // An empty working directory: the bin loads a .env from there (dotenv), and there must be none.
        var folder = Directory.CreateTempSubdirectory("engage-rces-").FullName;
        var start = new ProcessStartInfo("node", [bin, config])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["RINGCENTRAL_ENGAGE_SOURCE_EXPRESS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RINGCENTRAL_ENGAGE_SOURCE_EXPRESS_HOST"] = "127.0.0.1";
        start.Environment["RINGCENTRAL_ENGAGE_DIGITAL_API_TOKEN"] = secret;
        start.Environment["SERVER_HOME"] = "/";
        start.Environment["NODE_ENV"] = "production";
        start.Environment.Remove("NO_SIGN_CHECK"); // would turn the bridge's signature check off
        var lines = new ConcurrentQueue<string>();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("[stderr] " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bridge = new NpmBridge(process, folder, lines, $"http://127.0.0.1:{port}/");

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                await bridge.DisposeAsync();
                throw new InvalidOperationException($"The npm bridge exited with {process.ExitCode}:\n{bridge.Log}");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/test")).IsSuccessStatusCode) return bridge;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                await bridge.DisposeAsync();
                throw new TimeoutException($"The npm bridge did not answer on port {port} within 30 s:\n{bridge.Log}");
            }
            await Task.Delay(100);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (TimeoutException)
        {
        }
        finally
        {
            _process.Dispose();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
