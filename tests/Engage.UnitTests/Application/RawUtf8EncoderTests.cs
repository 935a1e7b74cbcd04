using System.Text;
using System.Text.Json;
using Engage.Application.Channel;
using Microsoft.Extensions.Time.Testing;

namespace Engage.UnitTests.Application;

public class RawUtf8EncoderTests
{
    [Fact]
    public void Outbound_bodies_are_compact_raw_utf8_without_html_or_unicode_escapes()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2012, 10, 1, 17, 18, 40, TimeSpan.Zero));
        var client = new ChannelSdkClient(null!, time);
        var bytes = client.Serialize("messages.create", new { body = "<b>Tom & Jerry's</b> 😀 é/\"q\"\n", in_reply_to_id = (string?)null });
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal("{\"action\":\"messages.create\",\"params\":{\"body\":\"<b>Tom & Jerry's</b> 😀 é/\\\"q\\\"\\n\",\"in_reply_to_id\":null},\"time\":\"2012-10-01T17:18:40Z\"}", text);
        // Still valid JSON that reads back the same.
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal("<b>Tom & Jerry's</b> 😀 é/\"q\"\n", doc.RootElement.GetProperty("params").GetProperty("body").GetString());
    }
}
