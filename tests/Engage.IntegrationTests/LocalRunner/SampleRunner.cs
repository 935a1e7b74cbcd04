using Azure.Storage.Queues;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>
/// A <see cref="LocalFunctionsHost"/> serving the sample functions of this assembly against the shared Azurite, on
/// a port Kestrel picks, with its own content root (host.json), probe and queue names.
/// </summary>
public sealed class SampleRunner : IAsyncDisposable
{
    /// <summary>host.json for tests: default route prefix, immediate retries, fast polling.</summary>
    public const string FastHostJson = """
        {
          "version": "2.0",
          "extensions": {
            "queues": { "batchSize": 16, "maxDequeueCount": 5, "visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:00.500", "messageEncoding": "base64" }
          }
        }
        """;

    private readonly string _contentRoot;
    private readonly string _connectionString;

    private SampleRunner(LocalFunctionsHost host, Probe probe, string contentRoot, string connectionString, string suffix)
    {
        _connectionString = connectionString;
        Host = host;
        Probe = probe;
        _contentRoot = contentRoot;
        Queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        EchoQueue = $"echo-{suffix}";
        FailQueue = $"fail-{suffix}";
        FlakyQueue = $"flaky-{suffix}";
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The host under test.</summary>
    public LocalFunctionsHost Host { get; }

    /// <summary>What the sample functions saw.</summary>
    public Probe Probe { get; }

    /// <summary>Client for the runner's base URL.</summary>
    public HttpClient Http { get; }

    /// <summary>Raw (unencoded) queue client of the shared Azurite.</summary>
    public QueueServiceClient Queues { get; }

    /// <summary>Queue of <c>EchoQueue</c>.</summary>
    public string EchoQueue { get; }

    /// <summary>Queue of <c>AlwaysFails</c>.</summary>
    public string FailQueue { get; }

    /// <summary>Queue of <c>FailsTwice</c>.</summary>
    public string FlakyQueue { get; }

    /// <summary>A client that base64-encodes, as producers for a queue trigger must.</summary>
    public QueueClient Base64Client(string queue) =>
        new(_connectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>
    /// Starts a runner logging to <paramref name="output"/>; <paramref name="suffix"/> lets a test prepare its
    /// queues before the start.
    /// </summary>
    public static async Task<SampleRunner> StartAsync(AzuriteFixture azurite, ITestOutputHelper output, string hostJson = FastHostJson, string? suffix = null)
    {
        suffix ??= NewSuffix();
        var contentRoot = Directory.CreateTempSubdirectory("engage-runner-").FullName;
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "host.json"), hostJson);
        var probe = new Probe();
        var options = new LocalFunctionsHostOptions
        {
            FunctionsAssembly = typeof(SampleRunner).Assembly,
            ConfigureServices = (services, _) => services.AddSingleton(probe),
            InvocationWrapper = (name, _, body) =>
            {
                probe.Wrapped(name);
                return body();
            },
            ContentRoot = contentRoot,
            Urls = "http://127.0.0.1:0",
            ConfigureLogging = logging => UseTestOutput(logging, output),
        };
        var connection = azurite.Azurite.ConnectionString;
        options.Settings["Storage"] = connection;
        options.Settings["EchoQueue"] = $"echo-{suffix}";
        options.Settings["FailQueue"] = $"fail-{suffix}";
        options.Settings["FlakyQueue"] = $"flaky-{suffix}";
        var host = await LocalFunctionsHost.StartAsync(options);
        return new SampleRunner(host, probe, contentRoot, connection, suffix);
    }

    /// <summary>Replaces the console logger with the test's output.</summary>
    public static void UseTestOutput(ILoggingBuilder logging, ITestOutputHelper output)
    {
        logging.ClearProviders();
        logging.AddProvider(new TestOutputLoggerProvider(output));
    }

    /// <summary>A fresh queue-name suffix.</summary>
    public static string NewSuffix() => Guid.NewGuid().ToString("N")[..12];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.StopAsync();
        await Host.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }
}
