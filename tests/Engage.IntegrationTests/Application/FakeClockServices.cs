using System.Security.Cryptography;
using Engage.Application.Configuration;
using Engage.Application.Storage;
using Engage.LocalRunner.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Engage.IntegrationTests.Application;

/// <summary>
/// The application layer on a real Azurite with a <see cref="FakeTimeProvider"/>, and no host: nothing consumes the
/// queues, so a test reads them itself and moves time by hand (retry schedules, windows, the sweeper).
/// </summary>
public sealed class FakeClockServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private FakeClockServices(ServiceProvider provider, FakeTimeProvider clock) => (_provider, Clock) = (provider, clock);

    /// <summary>The clock the application reads.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>Builds the services on <paramref name="azurite"/> and creates the tables and queues.</summary>
    public static async Task<FakeClockServices> StartAsync(AzuriteProcess azurite)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageConnection.SettingName] = azurite.ConnectionString,
            ["Engage:SecretKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Engage:AllowLoopbackEndpoints"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddEngageApplication(configuration);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<EngageStorage>().EnsureCreatedAsync(CancellationToken.None);
        return new FakeClockServices(provider, clock);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
