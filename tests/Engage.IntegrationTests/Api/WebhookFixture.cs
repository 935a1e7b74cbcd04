using Engage.Application.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <see cref="EngageFixture"/> with webhook retries 1 second apart (the reference's 32 s to 2 h are tested with a fake
/// clock in <c>WebhookScheduleTests</c>) and auto-disable after 4 outcomes, so delivery tests take seconds. Probes are
/// an hour apart, so the minute timer never probes during a test: tests probe when they choose. Everything else is the app's own.
/// </summary>
public sealed class WebhookFixture : EngageFixture
{
    /// <summary>Outcomes needed before an endpoint can be disabled here.</summary>
    public const int FailureMinimum = 4;

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.PostConfigure<WebhookDeliveryOptions>(o =>
        {
            o.RetryDelays = Enumerable.Repeat(TimeSpan.FromSeconds(1), 5).ToList();
            o.FailureMinimum = FailureMinimum;
            o.ProbeInterval = TimeSpan.FromHours(1);
        });
}
