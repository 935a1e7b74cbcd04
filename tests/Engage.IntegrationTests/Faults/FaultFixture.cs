using Engage.Application.Webhooks;
using Engage.IntegrationTests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Faults;

/// <summary>
/// <see cref="FastRetryFixture"/> (queue retries 1 s apart, channel SDK timeout 1 s) with webhook deliveries on the same
/// footing: 1-second timeout, retries 1 s apart (still 5 of them, as the contract's schedule), and auto-disable out of
/// the way so a failing endpoint's deliveries run their whole course.
/// </summary>
public sealed class FaultFixture : FastRetryFixture
{
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
        });
    }
}
