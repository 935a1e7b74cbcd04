using System.Net;

namespace Engage.Domain.Net;

/// <summary>
/// Which addresses outbound calls to third-party endpoints (webhooks, channel SDK bridges) may reach. Public addresses
/// always; loopback only with <see cref="AllowLoopback"/> (local runs and tests); private networks only with
/// <see cref="AllowPrivate"/> (an app inside a virtual network calling internal bridges). Link-local (cloud metadata
/// services), unspecified, multicast and reserved addresses are never allowed: nothing legitimate listens there.
/// </summary>
public sealed record EndpointPolicy(bool AllowLoopback, bool AllowPrivate)
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it is allowed.</summary>
    public string? RefusalReason(IPAddress address)
    {
        var kind = AddressClassifier.Classify(address);
        return kind switch
        {
            AddressKind.Public => null,
            AddressKind.Loopback when AllowLoopback => null,
            AddressKind.Private when AllowPrivate => null,
            AddressKind.Loopback => $"{address} is a loopback address (allowed only when Engage:AllowLoopbackEndpoints is true)",
            AddressKind.Private => $"{address} is a private address (allowed only when Engage:AllowPrivateEndpoints is true)",
            AddressKind.LinkLocal => $"{address} is a link-local address",
            AddressKind.Unspecified => $"{address} is an unspecified address",
            AddressKind.Multicast => $"{address} is a multicast address",
            _ => $"{address} is a reserved address",
        };
    }
}
