using Engage.LocalRunner.Azurite;

namespace Engage.IntegrationTests.Faults;

/// <summary><see cref="FaultFixture"/> on an on-disk Azurite (a fresh temp folder), so Azurite can be stopped and restarted without losing data.</summary>
public sealed class OnDiskFaultFixture : FaultFixture
{
    private readonly string _location = Directory.CreateTempSubdirectory("engage-faults-azurite-").FullName;

    /// <inheritdoc />
    protected override AzuriteOptions? CreateAzuriteOptions() => new() { Location = _location };

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_location, recursive: true);
    }
}
