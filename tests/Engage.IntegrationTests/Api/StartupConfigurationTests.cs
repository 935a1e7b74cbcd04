using Engage.Application.Configuration;
using Engage.LocalRunner;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var check = new ConfigurationCheck(services);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));
        Assert.Contains("Storage__queueServiceUri", error.Message);
    }

    [Fact]
    public async Task The_app_refuses_to_start_outside_development_without_a_secret_key()
    {
        var configuration = Settings(("Storage", "UseDevelopmentStorage=true"), ("AZURE_FUNCTIONS_ENVIRONMENT", "Production"));
        await using var services = new ServiceCollection().AddLogging().AddEngageApplication(configuration).BuildServiceProvider();
        var check = new ConfigurationCheck(services);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));
        Assert.Contains("Engage:SecretKey", error.Message);
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
