using Engage.Application.Webhooks;
using Engage.IntegrationTests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// <see cref="FastRetryFixture"/> (queue retries 1 s apart, channel SDK timeout 1 s) with webhook deliveries on the same
/// footing: 1-second timeout, retries 1 s apart (still 5 of them, as the contract's schedule), and auto-disable out of
/// the way so a failing endpoint's deliveries run their whole course; an attempt whose outcome was never recorded
/// (the worker lost storage or died) is taken over after 3 s instead of 30 s, and a received queue message whose
/// worker never finished it is seen again after <see cref="QueueLease"/> instead of 10 minutes.
/// </summary>
public class FaultFixture : FastRetryFixture
{
    /// <summary>The queue lease here: a message received by a worker that then lost storage (or died) is seen again this soon.</summary>
    public static readonly TimeSpan QueueLease = TimeSpan.FromSeconds(4);

    /// <inheritdoc />
    protected override void ConfigureSettings(IDictionary<string, string?> settings) => settings[Engage.LocalRunner.Hosting.LocalFunctionsHostOptions.QueueLeaseSetting] = QueueLease.ToString();

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddHttpClient(WebhookVerifier.HttpClientName).ConfigureHttpClient(client => client.Timeout = ChannelTimeout);
        services.PostConfigure<WebhookDeliveryOptions>(o =>
        {
            o.RetryDelays = Enumerable.Repeat(TimeSpan.FromSeconds(1), 5).ToList();
            o.FailureMinimum = 10_000;
            o.ProbeInterval = TimeSpan.FromHours(1);
            o.Lease = TimeSpan.FromSeconds(3);
        });
    }
}
