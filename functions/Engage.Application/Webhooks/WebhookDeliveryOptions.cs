using Engage.Domain.Webhooks;

namespace Engage.Application.Webhooks;

/// <summary>
/// Tuning of webhook delivery. <see cref="FailureWindow"/>, <see cref="FailureMinimum"/> and <see cref="Lease"/> come from
/// the settings <c>Engage__Webhooks__FailureWindow</c>, <c>Engage__Webhooks__FailureMinimum</c> and
/// <c>Engage__Webhooks__Lease</c>; the rest are the reference's numbers (tests shorten them).
/// </summary>
public sealed class WebhookDeliveryOptions
{
    /// <summary>Waits before the 2nd to 6th attempt (PROTOCOL.md: about 32 s, 4 min, 17 min, 52 min, 2 h).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; set; } = DeliveryRules.ReferenceDelays;
    /// <summary>How far back outcomes count towards auto-disable. Default 15 minutes.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Outcomes needed in the window before an endpoint can be disabled. Default 8.</summary>
    public int FailureMinimum { get; set; } = 8;
    /// <summary>Wait between probes of a disabled endpoint. Default 5 minutes.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long a worker's attempt may run before another may take the delivery over (above the 10 s timeout).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>The body's <c>domain_id</c>.</summary>
    public string DomainId { get; set; } = "engage-functions";
}
