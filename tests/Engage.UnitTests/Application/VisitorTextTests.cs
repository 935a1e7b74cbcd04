using Engage.Application.Messaging;

namespace Engage.UnitTests.Application;

public class VisitorTextTests
{
    [Theory]
    [InlineData("<p>Sure &amp; happy</p><p>to help</p>", "Sure & happy\nto help")]
    [InlineData("line<br/>break", "line\nbreak")]
    [InlineData("<script>alert(1)</script>x", "alert(1)x")]
    [InlineData("plain", "plain")]
    public void Html_bodies_become_plain_text(string html, string text) => Assert.Equal(text, VisitorService.TextOf(html));
}
