using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Application.Bootstrap;
using Engage.Application.Storage;
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
    private BenchApp(AzuriteProcess azurite, LocalFunctionsHost host, BootstrapResult bootstrap)
    {
        Azurite = azurite;
        Host = host;
        Bootstrap = bootstrap;
        Http = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(5) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bootstrap.Token);
    }

    /// <summary>The running Azurite.</summary>
    public AzuriteProcess Azurite { get; }

    /// <summary>The running runner.</summary>
    public LocalFunctionsHost Host { get; }

    /// <summary>The admin token and the demo source.</summary>
    public BootstrapResult Bootstrap { get; }

    /// <summary>A client with the runner's base address and the admin's token.</summary>
    public HttpClient Http { get; }

    /// <summary>The app's own storage clients (with its <see cref="TableLimits"/> checks).</summary>
    public EngageStorage Storage => Host.Services.GetRequiredService<EngageStorage>();

    /// <summary>Starts Azurite and the runner, then runs the bootstrap.</summary>
    public static async Task<BenchApp> StartAsync()
    {
        var azurite = await AzuriteProcess.StartAsync();
        try
        {
            var options = EngageRunner.CreateOptions(urls: "http://127.0.0.1:0");
            EngageRunner.UseAzurite(options, azurite);
            // Per-request console lines would be part of what we time: keep warnings and errors only.
            options.ConfigureLogging = logging => logging.AddFilter<ConsoleLoggerProvider>(level => level >= LogLevel.Warning);
            var host = await LocalFunctionsHost.StartAsync(options);
            var bootstrap = await host.Services.GetRequiredService<Bootstrapper>().RunAsync(host.BaseUrl, CancellationToken.None);
            return new BenchApp(azurite, host, bootstrap);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pushes a signed Send API body to the demo source; throws unless it answers 200.</summary>
    public async Task PushAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{Bootstrap.SourceId}") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(ChannelSignature.HeaderName, ChannelSignature.Compute(Bootstrap.SourceSecret, bytes));
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Send API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

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
        Http.Dispose();
        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
