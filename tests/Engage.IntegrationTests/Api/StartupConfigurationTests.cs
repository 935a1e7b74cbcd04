using Engage.Application.Configuration;
using Engage.LocalRunner;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api;

/// <summary>Incomplete configuration stops start-up with a message that says what to set.</summary>
public class StartupConfigurationTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public async Task The_app_refuses_to_start_with_half_of_the_identity_based_storage_settings()
    {
        var configuration = Settings(("Storage:tableServiceUri", "https://example.table.core.windows.net"), ("Engage:SecretKey", Convert.ToBase64String(new byte[32])));
        var collection = new ServiceCollection().AddLogging().AddEngageApplication(configuration);
        Assert.Contains(collection, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(ConfigurationCheck));
        await using var services = collection.BuildServiceProvider();
        var check = ActivatorUtilities.CreateInstance<ConfigurationCheck>(services, configuration);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));
        Assert.Contains("Storage__queueServiceUri", error.Message);
    }

    [Fact]
    public async Task The_app_refuses_to_start_outside_development_without_a_secret_key()
    {
        var configuration = Settings(("Storage", "UseDevelopmentStorage=true"), ("AZURE_FUNCTIONS_ENVIRONMENT", "Production"));
        await using var services = new ServiceCollection().AddLogging().AddEngageApplication(configuration).BuildServiceProvider();
        var check = ActivatorUtilities.CreateInstance<ConfigurationCheck>(services, configuration);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));
        Assert.Contains("Engage:SecretKey", error.Message);
    }

    [Fact]
    public async Task Without_a_Service_Bus_connection_the_event_stream_is_off_and_start_up_says_so()
    {
        var configuration = Settings(("Storage", "UseDevelopmentStorage=true"), ("Engage:SecretKey", Convert.ToBase64String(new byte[32])));
        var logs = new CapturedLogs();
        await using var services = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).AddEngageApplication(configuration).BuildServiceProvider();
        Assert.DoesNotContain(services.GetServices<Engage.Application.Events.IEventSink>(), s => s is Engage.Application.EventStream.EventStreamPublisher);
        await ActivatorUtilities.CreateInstance<ConfigurationCheck>(services, configuration).StartAsync(CancellationToken.None);
        Assert.Contains(logs.Lines, m => m.Contains("Event stream off"));
    }

    [Fact]
    public async Task With_a_Service_Bus_connection_every_event_also_goes_to_the_stream()
    {
        var configuration = Settings(("Storage", "UseDevelopmentStorage=true"), ("Engage:SecretKey", Convert.ToBase64String(new byte[32])),
            ("ServiceBusConnection", "Endpoint=sb://engage-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0"));
        var logs = new CapturedLogs();
        await using var services = new ServiceCollection().AddLogging(l => l.AddProvider(logs)).AddEngageApplication(configuration).BuildServiceProvider();
        Assert.Contains(services.GetServices<Engage.Application.Events.IEventSink>(), s => s is Engage.Application.EventStream.EventStreamPublisher);
        await ActivatorUtilities.CreateInstance<ConfigurationCheck>(services, configuration).StartAsync(CancellationToken.None);
        Assert.Contains(logs.Lines, m => m.Contains("Event stream on"));
    }

    [Fact]
    public async Task The_local_runner_refuses_to_start_when_a_queue_trigger_has_no_connection()
    {
        var options = EngageRunner.CreateOptions(urls: "http://127.0.0.1:0");
        options.Settings["Storage"] = "";
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            var host = await LocalFunctionsHost.StartAsync(options);
            await host.DisposeAsync();
        });
        Assert.Contains("Storage", error.Message);
    }
}
