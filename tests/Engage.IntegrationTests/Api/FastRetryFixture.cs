using System.Text.Json.Nodes;
using Engage.Application.Channel;
using Engage.LocalRunner.Azurite;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <see cref="EngageFixture"/> with the app's host.json except a 1-second queue visibilityTimeout, and a 1-second
/// channel SDK timeout, so tests of retried work (outbound posting, dispositions) take seconds rather than minutes. Every other queue rule
/// (5 dequeues, then poison) is the app's own.
/// </summary>
public class FastRetryFixture : EngageFixture
{
    private string? _folder;

    /// <summary>Channel SDK calls time out after this long here (the app's own is 10 s), so slow-bridge tests stay short.</summary>
    public static readonly TimeSpan ChannelTimeout = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.AddHttpClient(ChannelSdkClient.HttpClientName).ConfigureHttpClient(client => client.Timeout = ChannelTimeout);

    /// <inheritdoc />
    protected override string? PrepareContentRoot()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        hostJson["extensions"]!["queues"]!["visibilityTimeout"] = "00:00:01";
        hostJson["extensions"]!["queues"]!["maxPollingInterval"] = "00:00:00.500";
        _folder = Directory.CreateTempSubdirectory("engage-fast-retry-").FullName;
        File.WriteAllText(Path.Combine(_folder, "host.json"), hostJson.ToJsonString());
        return _folder;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}
