using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Domain.Channel;

namespace Engage.IntegrationTests.Api;

/// <summary>Every error of the Send API, in the contract's body, and nothing stored when refused.</summary>
public class SendApiErrorTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static async Task<(int Status, string Error, string Message)> ErrorOf(HttpResponseMessage response)
    {
        var json = await EngageFixture.ReadJsonAsync(response);
        Assert.Equal((int)response.StatusCode, json.GetProperty("status").GetInt32());
        return ((int)response.StatusCode, json.GetProperty("error").GetString()!, json.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task A_body_of_20001_characters_is_422_and_20000_emoji_are_stored_whole()
    {
        var tooLong = await app.PushAsync(EngageFixture.Message("long-1", "long-thread", new string('a', 20_001)));
        var (status, error, message) = await ErrorOf(tooLong);
        Assert.Equal((422, "invalid_parameter"), (status, error));
        Assert.Contains("20000", message);

        var emoji = string.Concat(Enumerable.Repeat("😀", 20_000));
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("long-2", "long-thread", emoji))).StatusCode);
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var thread = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "long-thread");
        Assert.Equal(1, thread.GetProperty("contents_count").GetInt32());
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{thread.GetProperty("id").GetString()}%22");
        Assert.Equal(emoji, contents.GetProperty("records")[0].GetProperty("body").GetString());
        // The title is cut at 100 code points, never inside a surrogate pair.
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 100)), thread.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_json_with_a_valid_signature_is_400()
    {
        var (status, error, _) = await ErrorOf(await app.PushAsync("{\"action\":\"messages.create\",\"params\":"));
        Assert.Equal((400, "bad_request"), (status, error));
    }

    [Fact]
    public async Task A_wrong_signature_is_422_and_stores_nothing()
    {
        var body = EngageFixture.Message("sig-1", "sig-thread", "hi");
        var (status, error, _) = await ErrorOf(await app.PushAsync(body, secret: "not-the-secret-of-this-source"));
        Assert.Equal((422, "invalid_signature"), (status, error));
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{app.Bootstrap.SourceId}") { Content = new StringContent(body) };
        Assert.Equal("invalid_signature", (await ErrorOf(await app.Http.SendAsync(unsigned))).Error);
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        Assert.DoesNotContain(threads.GetProperty("records").EnumerateArray(), t => t.GetProperty("foreign_id").GetString() == "sig-thread");
    }

    [Theory]
    [InlineData("5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("not-an-id")]
    public async Task An_unknown_source_is_422(string sourceId)
    {
        var (status, error, _) = await ErrorOf(await app.PushAsync(EngageFixture.Message("x", "y", "z"), sourceId: sourceId));
        Assert.Equal((422, "source_not_found"), (status, error));
    }

    [Fact]
    public async Task JSON_labelled_as_a_form_and_a_signature_in_the_query_are_accepted()
    {
        var body = EngageFixture.Message("form-1", "form-thread", "sent as form");
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(body, contentType: "application/x-www-form-urlencoded")).StatusCode);
        var bytes = Encoding.UTF8.GetBytes(EngageFixture.Message("query-1", "form-thread", "signature in query"));
        var signature = ChannelSignature.Compute(app.Bootstrap.SourceSecret, bytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{app.Bootstrap.SourceId}?signature={signature}") { Content = new ByteArrayContent(bytes) };
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_body_over_20_MiB_is_413_before_it_is_read()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{app.Bootstrap.SourceId}")
        {
            Content = new ByteArrayContent(new byte[SendApiParser.MaxBodyBytes + 1]),
        };
        var (status, error, _) = await ErrorOf(await app.Http.SendAsync(request));
        Assert.Equal((413, "request_entity_too_large"), (status, error));
    }

    [Fact]
    public async Task A_chunked_body_over_20_MiB_is_413_too()
    {
        var stream = new ChunkedZeros(SendApiParser.MaxBodyBytes + 10);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"realtime/sdk/{app.Bootstrap.SourceId}") { Content = new StreamContent(stream) };
        request.Headers.TransferEncodingChunked = true;
        var response = await app.Http.SendAsync(request);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("{\"action\":\"messages.delete\",\"params\":{}}", "invalid_action")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":\"b\"}}", "missing_parameter")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":\"b\",\"created_at\":\"2012-10-01T17:18:40\",\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}", "invalid_parameter")]
    [InlineData("{\"action\":\"messages.create\",\"params\":{\"id\":\"m\",\"thread_id\":\"t\",\"body\":\"b\",\"created_at\":\"03/04\",\"author\":{\"id\":\"u\",\"screenname\":\"s\"}}}", "invalid_parameter")]
    public async Task Invalid_requests_are_422_with_their_error(string body, string expected)
    {
        var (status, error, _) = await ErrorOf(await app.PushAsync(body));
        Assert.Equal((422, expected), (status, error));
    }

    [Fact]
    public async Task Every_documented_created_at_form_is_accepted()
    {
        string[] forms = ["2012-02-10", "2012-10-01T17:18:40Z", "2012-10-01T17:18:40.123+02:00", "06/11/2017"];
        for (var i = 0; i < forms.Length; i++)
        {
            var form = forms[i];
            Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message($"date-{i}", "date-thread", form, customize: p => p["created_at"] = form))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("date-ms", "date-thread", "ms", customize: p => p["created_at"] = 1349111920000))).StatusCode);
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var thread = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "date-thread");
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{thread.GetProperty("id").GetString()}%22+order:created_at.asc");
        Assert.Equal(
            ["2012-02-10T00:00:00Z", "2012-10-01T15:18:40Z", "2012-10-01T17:18:40Z", "2017-06-11T00:00:00Z"],
            contents.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("created_at").GetString()).Distinct());
    }

    [Fact]
    public async Task Typing_start_twice_within_2_seconds_is_429_and_other_actions_answer_ok()
    {
        const string typing = "{\"action\":\"typing.start\",\"params\":{\"thread_id\":\"typing-thread\"}}";
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(typing)).StatusCode);
        var (status, error, _) = await ErrorOf(await app.PushAsync(typing));
        Assert.Equal((429, "rate_limit_exceeded"), (status, error));
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync("{\"action\":\"typing.stop\",\"params\":{\"thread_id\":\"typing-thread\"}}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync("{\"action\":\"status.mark_as_read\",\"params\":{\"thread_id\":\"typing-thread\"}}")).StatusCode);
    }

    [Fact]
    public async Task Users_create_and_threads_create_make_an_identity_and_an_empty_thread()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync("{\"action\":\"users.create\",\"params\":{\"id\":\"uc-1\",\"screenname\":\"Created\",\"email\":\"c@example.com\",\"gender\":\"x\"}}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync("{\"action\":\"threads.create\",\"params\":{\"id\":\"tc-1\",\"title\":\"A titled thread\"}}")).StatusCode);
        var (_, identities) = await app.GetAsync("1.0/identities?limit=150");
        Assert.Contains(identities.GetProperty("records").EnumerateArray(), i => i.GetProperty("foreign_id").GetString() == "uc-1" && i.GetProperty("email").GetString() == "c@example.com");
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var thread = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "tc-1");
        Assert.Equal(("A titled thread", 0), (thread.GetProperty("title").GetString(), thread.GetProperty("contents_count").GetInt32()));
    }

    /// <summary>A stream of zeros with no known length, so the client sends it chunked.</summary>
    private sealed class ChunkedZeros(long length) : Stream
    {
        private long _left = length;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            Array.Clear(buffer, offset, n);
            _left -= n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
