using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Application.Bootstrap;
using Engage.Application.Storage;
using Engage.Benchmarks.Flow;
using Engage.Domain.Channel;
using Engage.LocalRunner;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Engage.Benchmarks;

/// <summary>
/// A private in-memory Azurite and the local runner serving Engage.Functions on a free port, bootstrapped: the same
/// setup as the integration tests' <c>EngageFixture</c>, with the app's console logs cut to warnings so that logging
/// does not weigh on the timings.
/// </summary>
public sealed class BenchApp : IAsyncDisposable
{
    private BenchApp(AzuriteProcess azurite, LocalFunctionsHost host, BootstrapResult bootstrap, InvocationLedger ledger)
    {
        Azurite = azurite;
        Ledger = ledger;
        Host = host;
        Bootstrap = bootstrap;
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(5) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bootstrap.Token);
    }

    private int _disposed;

    /// <summary>The running Azurite.</summary>
    public AzuriteProcess Azurite { get; }

    /// <summary>Storage operations and run time of every invocation, by function.</summary>
    public InvocationLedger Ledger { get; }

    /// <summary>The running runner.</summary>
    public LocalFunctionsHost Host { get; }

    /// <summary>The admin token and the demo source.</summary>
    public BootstrapResult Bootstrap { get; }

    /// <summary>A client with the runner's base address and the admin's token.</summary>
    public HttpClient Http { get; }

    /// <summary>The app's own storage clients (with its <see cref="TableLimits"/> checks).</summary>
    public EngageStorage Storage => Host.Services.GetRequiredService<EngageStorage>();

    /// <summary>Starts Azurite and the runner (with <paramref name="settings"/> over the app's own), then runs the bootstrap.</summary>
    public static async Task<BenchApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var defaults = EngageRunner.CreateOptions(urls: "http://127.0.0.1:0");
            var ledger = new InvocationLedger();
            // The runner's options with the ledger around the app's own invocation scope (see InvocationLedger).
            var options = new LocalFunctionsHostOptions
            {
                FunctionsAssembly = defaults.FunctionsAssembly,
                ConfigureServices = defaults.ConfigureServices,
                InvocationWrapper = ledger.WrapAsync,
                ContentRoot = defaults.ContentRoot,
                Urls = defaults.Urls,
            };
            foreach (var (key, value) in defaults.Defaults) options.Defaults[key] = value;
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) options.Settings[key] = value;
            EngageRunner.UseAzurite(options, azurite);
            // Per-request console lines would be part of what we time: keep warnings and errors only.
            options.ConfigureLogging = logging => logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            var host = await LocalFunctionsHost.StartAsync(options);
            var bootstrap = await host.Services.GetRequiredService<Bootstrapper>().RunAsync(host.BaseUrl, CancellationToken.None);
            return new BenchApp(azurite, host, bootstrap, ledger);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pushes a signed Send API body to the demo source; throws unless it answers 200.</summary>
    public async Task PushAsync(string body) => await PushAsync(body, Bootstrap.SourceId, Bootstrap.SourceSecret);

    /// <summary>
    /// Pushes a signed Send API body to <paramref name="sourceId"/>; throws unless it answers 200. Returns the
    /// <c>X-Engage-Operations</c> header (the synchronous part's storage operations).
    /// </summary>
    public async Task<string?> PushAsync(string body, string sourceId, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{sourceId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(ChannelSignature.HeaderName, ChannelSignature.Compute(secret, bytes));
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Send API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.TryGetValues("X-Engage-Operations", out var values) ? values.Single() : null;
    }

    /// <summary>Sends form parameters with the admin's token (or <paramref name="token"/>); throws unless it answers 200.</summary>
    public async Task<JsonElement> SendFormAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>> form, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent(form) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Waits until the async work is done: the app's work queues are empty and no invocation runs, twice in a row
    /// (a queue-triggered function may enqueue the next step). Throws after <paramref name="timeout"/>.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var quiet = 0;
        var waiting = new Dictionary<string, int>();
        while (quiet < 2)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The app's queues did not drain in time: {string.Join(", ", waiting.Select(p => $"{p.Key} {p.Value}"))}; {Ledger.InFlight} invocations running.");
            }
            await Task.Delay(200);
            foreach (var name in WorkQueues) waiting[name] = (await Storage.Queue(name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
            quiet = waiting.Values.Sum() == 0 && Ledger.InFlight == 0 ? quiet + 1 : 0;
        }
    }

    // Delayed webhook retries would keep a queue non-empty; the bench's endpoints always answer, so none are left.
    private static readonly string[] WorkQueues = [StorageNames.OutboxQueue, StorageNames.OutboundQueue, StorageNames.DispositionsQueue, StorageNames.WebhookDeliveriesQueue];

    /// <summary>GETs <paramref name="path"/> and parses the JSON; throws unless it answers 200.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Idempotent: the flow benchmark stops its first app early, before starting a second.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Http.Dispose();
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
