using System.Net;
using System.Net.Sockets;

namespace Engage.Domain.Net;

/// <summary>
/// Classifies IP addresses for the endpoint safety rule of issue 5 (item 8): webhook and channel SDK URLs must not
/// reach this machine or a private network unless a setting allows it. IPv4-mapped IPv6 (<c>::ffff:a.b.c.d</c>) and
/// the NAT64 well-known prefix (<c>64:ff9b::/96</c>) are classified by the IPv4 address they carry, since that is what
/// they reach.
/// </summary>
public static class AddressClassifier
{
    /// <summary>The kind of <paramref name="address"/>.</summary>
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6) return ClassifyV4(address.MapToIPv4());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => AddressKind.Reserved,
        };
    }

    private static AddressKind ClassifyV4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[4];
        address.TryWriteBytes(b, out _);
        return b[0] switch
        {
            0 => AddressKind.Unspecified,
            10 => AddressKind.Private,
            100 when (b[1] & 0xC0) == 64 => AddressKind.Private,
            127 => AddressKind.Loopback,
            169 when b[1] == 254 => AddressKind.LinkLocal,
            172 when (b[1] & 0xF0) == 16 => AddressKind.Private,
            192 when b[1] == 168 => AddressKind.Private,
            >= 224 and <= 239 => AddressKind.Multicast,
            >= 240 => AddressKind.Reserved,
            _ => AddressKind.Public,
        };
    }

    private static AddressKind ClassifyV6(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        address.TryWriteBytes(b, out _);
        if (address.Equals(IPAddress.IPv6Loopback)) return AddressKind.Loopback;
        if (address.Equals(IPAddress.IPv6Any)) return AddressKind.Unspecified;
        // 64:ff9b::/96 (RFC 6052): a NAT64 gateway forwards it to the embedded IPv4 address.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(new IPAddress(b[12..]));
        }
        if (b[0] == 0xff) return AddressKind.Multicast;
        if ((b[0] & 0xFE) == 0xFC) return AddressKind.Private;
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return AddressKind.LinkLocal;
        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return AddressKind.Private;
        return AddressKind.Public;
    }
}
