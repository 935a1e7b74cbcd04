using System.Text;
using Engage.Domain.Channel;

namespace Engage.UnitTests.Domain;

public class ChannelSignatureTests
{
    private const string PublishedSecret = "3YJZzqMJ5Ec7i2JGvnt8TgvleD7dtpwpmag4S6MuRA2GQdfvV4STIsxDRJ4fEjO8";
    private static readonly byte[] PublishedBody = Encoding.UTF8.GetBytes("{\"action\":\"implementation.info\",\"time\":\"2012-10-01T17:18:40Z\"}");

    [Fact]
    public void Published_vector_matches()
    {
        var signature = ChannelSignature.Compute(PublishedSecret, PublishedBody);
        Assert.StartsWith("826b61e7939505b2", signature);
        Assert.Equal(128, signature.Length);
        Assert.True(ChannelSignature.Verify(PublishedSecret, PublishedBody, signature));
    }

    [Fact]
    public void Uppercase_hex_is_accepted()
    {
        var signature = ChannelSignature.Compute(PublishedSecret, PublishedBody).ToUpperInvariant();
        Assert.True(ChannelSignature.Verify(PublishedSecret, PublishedBody, signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("826b61e7939505b2")]
    [InlineData("not hex at all")]
    public void Malformed_signatures_fail(string signature) =>
        Assert.False(ChannelSignature.Verify(PublishedSecret, PublishedBody, signature));

    [Fact]
    public void A_changed_body_or_secret_fails()
    {
        var signature = ChannelSignature.Compute(PublishedSecret, PublishedBody);
        var changed = (byte[])PublishedBody.Clone();
        changed[^2] ^= 1;
        Assert.False(ChannelSignature.Verify(PublishedSecret, changed, signature));
        Assert.False(ChannelSignature.Verify(PublishedSecret + "x", PublishedBody, signature));
        Assert.False(ChannelSignature.Verify(PublishedSecret, PublishedBody, null));
    }
}
