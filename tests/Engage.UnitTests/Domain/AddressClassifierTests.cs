using System.Net;
using Engage.Domain.Net;

namespace Engage.UnitTests.Domain;

public class AddressClassifierTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("1.0.0.1", AddressKind.Public)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.255.255.255", AddressKind.Unspecified)]
    [InlineData("9.255.255.255", AddressKind.Public)]
    [InlineData("10.0.0.0", AddressKind.Private)]
    [InlineData("10.255.255.255", AddressKind.Private)]
    [InlineData("11.0.0.0", AddressKind.Public)]
    [InlineData("100.63.255.255", AddressKind.Public)]
    [InlineData("100.64.0.0", AddressKind.Private)]
    [InlineData("100.127.255.255", AddressKind.Private)]
    [InlineData("100.128.0.0", AddressKind.Public)]
    [InlineData("126.255.255.255", AddressKind.Public)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("128.0.0.0", AddressKind.Public)]
    [InlineData("169.253.255.255", AddressKind.Public)]
    [InlineData("169.254.0.0", AddressKind.LinkLocal)]
    [InlineData("169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("169.255.0.0", AddressKind.Public)]
    [InlineData("172.15.255.255", AddressKind.Public)]
    [InlineData("172.16.0.0", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("172.32.0.0", AddressKind.Public)]
    [InlineData("192.167.255.255", AddressKind.Public)]
    [InlineData("192.168.0.0", AddressKind.Private)]
    [InlineData("192.168.255.255", AddressKind.Private)]
    [InlineData("192.169.0.0", AddressKind.Public)]
    [InlineData("223.255.255.255", AddressKind.Public)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.255", AddressKind.Multicast)]
    [InlineData("240.0.0.0", AddressKind.Reserved)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    public void IPv4_ranges_and_their_edges(string address, AddressKind kind) =>
        Assert.Equal(kind, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2001:4860:4860::8888", AddressKind.Public)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("::2", AddressKind.Public)]
    [InlineData("fc00::", AddressKind.Private)]
    [InlineData("fd12:3456:789a::1", AddressKind.Private)]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressKind.Private)]
    [InlineData("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressKind.Public)]
    [InlineData("fe80::", AddressKind.LinkLocal)]
    [InlineData("fe80::1%2", AddressKind.LinkLocal)]
    [InlineData("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", AddressKind.LinkLocal)]
    [InlineData("fec0::1", AddressKind.Private)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("ff00::", AddressKind.Multicast)]
    public void IPv6_ranges_and_their_edges(string address, AddressKind kind) =>
        Assert.Equal(kind, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:10.1.2.3", AddressKind.Private)]
    [InlineData("::ffff:169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("::ffff:0.0.0.0", AddressKind.Unspecified)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]
    [InlineData("64:ff9b::a00:1", AddressKind.Private)]
    [InlineData("64:ff9b::808:808", AddressKind.Public)]
    [InlineData("64:ff9b:1::a00:1", AddressKind.Public)]
    public void IPv6_forms_that_carry_an_IPv4_address_are_classified_by_it(string address, AddressKind kind) =>
        Assert.Equal(kind, AddressClassifier.Classify(IPAddress.Parse(address)));

    [Fact]
    public void The_policy_allows_loopback_and_private_only_when_told_and_never_link_local()
    {
        var strict = new EndpointPolicy(AllowLoopback: false, AllowPrivate: false);
        var open = new EndpointPolicy(AllowLoopback: true, AllowPrivate: true);
        Assert.Null(strict.RefusalReason(IPAddress.Parse("93.184.215.14")));
        Assert.Contains("loopback", strict.RefusalReason(IPAddress.Loopback));
        Assert.Contains("Engage:AllowLoopbackEndpoints", strict.RefusalReason(IPAddress.IPv6Loopback));
        Assert.Contains("private", strict.RefusalReason(IPAddress.Parse("192.168.1.1")));
        Assert.Null(open.RefusalReason(IPAddress.Loopback));
        Assert.Null(open.RefusalReason(IPAddress.Parse("fd00::1")));
        Assert.Null(new EndpointPolicy(AllowLoopback: true, AllowPrivate: false).RefusalReason(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(new EndpointPolicy(AllowLoopback: true, AllowPrivate: false).RefusalReason(IPAddress.Parse("10.0.0.1")));
        Assert.Contains("link-local", open.RefusalReason(IPAddress.Parse("169.254.169.254")));
        Assert.NotNull(open.RefusalReason(IPAddress.Any));
        Assert.NotNull(open.RefusalReason(IPAddress.Parse("224.0.0.251")));
        Assert.NotNull(open.RefusalReason(IPAddress.Broadcast));
    }
}
