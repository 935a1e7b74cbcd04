using System.Text;
using Engage.Domain.Api;
using Engage.Domain.Channel;

namespace Engage.UnitTests.Domain;

public class SendApiParserTests
{
    private static ReadOnlyMemory<byte> Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Message(string body, string extra = "") =>
        $$"""{"action":"messages.create","params":{"id":"m1","thread_id":"t1","body":{{System.Text.Json.JsonSerializer.Serialize(body)}},"author":{"id":"u1","screenname":"alice","gender":"f","puppetizable":true}{{extra}}},"actions":["x"]}""";

    private static EngageException Refused(string json, bool unthreaded = false) =>
        Assert.Throws<EngageException>(() => SendApiParser.Parse(Utf8(json), unthreaded));

    [Fact]
    public void A_message_is_read_with_its_author_and_extra_fields_tolerated()
    {
        var command = SendApiParser.Parse(Utf8(Message("Hello 👋", ",\"created_at\":\"2012-02-10\",\"in_reply_to_id\":\"m0\",\"format\":\"text\"")), unthreaded: false);
        Assert.Equal(SendApiAction.MessagesCreate, command.Action);
        var m = command.Message!;
        Assert.Equal(("m1", "t1", "Hello 👋", "alice", "m0", "text"), (m.Id, m.ThreadId, m.Body, m.Author.Screenname, m.InReplyToId, m.Format));
        Assert.Equal(new DateTimeOffset(2012, 2, 10, 0, 0, 0, TimeSpan.Zero), m.CreatedAt);
        Assert.False(m.Private);
    }

    [Fact]
    public void A_private_message_is_marked_private()
    {
        var json = Message("hi").Replace("messages.create", "private_messages.create");
        Assert.True(SendApiParser.Parse(Utf8(json), false).Message!.Private);
    }

    [Fact]
    public void Twenty_thousand_emoji_fit_and_one_more_character_does_not()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 20_000));
        Assert.Equal(emoji, SendApiParser.Parse(Utf8(Message(emoji)), false).Message!.Body);
        var error = Refused(Message(emoji + "a"));
        Assert.Equal((422, "invalid_parameter"), (error.Status, error.Error));
        Assert.Contains("20001", error.Message);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m1\",\"body\":\"\\ud800\",\"thread_id\":\"t\",\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}")]
    public void A_body_that_is_not_a_json_object_is_400(string json) => Assert.Equal(400, Refused(json).Status);

    [Fact]
    public void Unknown_actions_are_422_invalid_action()
    {
        var error = Refused("{\"action\":\"messages.destroy\",\"params\":{}}");
        Assert.Equal((422, "invalid_action"), (error.Status, error.Error));
        Assert.Equal("invalid_action", Refused("{\"params\":{}}").Error);
    }

    [Theory]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"thread_id\":\"t\",\"body\":\"b\",\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}", "params.id")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":\"b\"}}", "params.author")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":\"b\",\"author\":{\"id\":\"u\",\"screenname\":\"\"}}}", "params.author.screenname")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":null,\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}", "params.body")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"body\":\"b\",\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}", "params.thread_id")]
    [InlineData("{\"action\":\"typing.start\",\"params\":{}}", "params.thread_id")]
    public void Missing_required_fields_are_422_naming_the_field(string json, string field)
    {
        var error = Refused(json);
        Assert.Equal((422, "missing_parameter"), (error.Status, error.Error));
        Assert.StartsWith(field + " ", error.Message);
    }

    [Fact]
    public void Unthreaded_sources_accept_messages_without_thread_id_and_attachments_replace_the_body()
    {
        var json = "{\"action\":\"messages.create\",\"params\":{\"id\":7,\"attachments\":[{\"url\":\"x\"}],\"author\":{\"id\":42,\"screenname\":\"s\"}}}";
        var m = SendApiParser.Parse(Utf8(json), unthreaded: true).Message!;
        Assert.Equal(("7", "42", (string?)null, "", 1), (m.Id, m.Author.Id, m.ThreadId, m.Body, m.AttachmentsCount));
    }

    [Fact]
    public void Bad_dates_are_422_naming_the_field()
    {
        var error = Refused(Message("b", ",\"created_at\":\"2012-10-01T17:18:40\""));
        Assert.Equal(422, error.Status);
        Assert.StartsWith("created_at has no time zone", error.Message);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        Assert.Equal("a😀", SendApiParser.TruncateCodePoints("a😀b", 2));
        Assert.Equal(2, SendApiParser.CountCodePoints("😀😀"));
    }
}
