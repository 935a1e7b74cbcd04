using Engage.LocalRunner.Hosting;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// Two runners on one Azurite, one after the other. First a <see cref="RunnerProcess"/> (the one to kill), configured
/// like <see cref="FaultFixture"/> through environment variables; then, after <see cref="KillAndRestartAsync"/>, the
/// fixture's in-process runner, built at start (it ran the bootstrap) but started only once the first is dead.
/// <see cref="Api.EngageFixture.Http"/> points at whichever runs.
/// </summary>
public sealed class RunnerKillFixture : FaultFixture
{
    private readonly Dictionary<string, string?> _childSettings = [];
    private RunnerProcess? _first;

    /// <summary>The runner to kill (null once killed).</summary>
    public RunnerProcess? First => _first;

    /// <inheritdoc />
    protected override void ConfigureSettings(IDictionary<string, string?> settings)
    {
        base.ConfigureSettings(settings);
        settings["Engage:Webhooks:Lease"] = "00:00:03";
        foreach (var (key, value) in settings) _childSettings[key] = value;
        // What FastRetryFixture's host.json and FaultFixture's services do in process, as settings.
        _childSettings["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:01";
        _childSettings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500";
    }

    /// <inheritdoc />
    protected override Task<LocalFunctionsHost> StartHostAsync(LocalFunctionsHostOptions options) => Task.FromResult(LocalFunctionsHost.Create(options));

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _first = await RunnerProcess.StartAsync(_childSettings, TimeSpan.FromSeconds(60));
        Http.Dispose();
        Http = new HttpClient { BaseAddress = new Uri(_first.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>SIGKILLs the first runner, then starts the in-process one on the same storage and points <see cref="Api.EngageFixture.Http"/> at it.</summary>
    public async Task KillAndRestartAsync()
    {
        _first!.Kill();
        _first.Dispose();
        _first = null;
        await Host.StartAsync();
        Http.Dispose();
        Http = new HttpClient { BaseAddress = new Uri(Host.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        _first?.Dispose();
        await base.DisposeAsync();
    }
}
