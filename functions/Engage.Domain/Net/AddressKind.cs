namespace Engage.Domain.Net;

/// <summary>What an IP address reaches, as far as outbound calls to third-party endpoints are concerned.</summary>
public enum AddressKind
{
    /// <summary>A globally routable address: allowed.</summary>
    Public,
    /// <summary>127.0.0.0/8, ::1: this machine.</summary>
    Loopback,
    /// <summary>RFC 1918 (10/8, 172.16/12, 192.168/16), shared address space 100.64/10, unique-local fc00::/7, site-local fec0::/10.</summary>
    Private,
    /// <summary>169.254/16, fe80::/10 (includes cloud metadata services such as 169.254.169.254).</summary>
    LinkLocal,
    /// <summary>0.0.0.0/8, ::: connecting to them reaches this machine on some systems.</summary>
    Unspecified,
    /// <summary>224.0.0.0/4, ff00::/8.</summary>
    Multicast,
    /// <summary>240.0.0.0/4 including 255.255.255.255: reserved, never a real endpoint.</summary>
    Reserved,
}
