using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engage.Domain.Channel;
using Engage.LocalRunner;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.DemoBridge;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// <see cref="EngageFixture"/> with the demo bridge on (as <c>--demo-bridge</c> does): the setting in a
/// local.settings.json next to the app's host.json, and the demo source connected to the bridge after the bootstrap.
/// </summary>
public sealed class DemoBridgeFixture : EngageFixture, IAsyncLifetime
{
    private string? _folder;

    /// <summary>What connecting the demo source to the bridge did.</summary>
    public DemoBridgeConnection Connection { get; private set; } = null!;

    /// <inheritdoc />
    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connection = await EngageRunner.ConnectDemoBridgeAsync(Host, Bootstrap, CancellationToken.None);
    }

    /// <inheritdoc />
    protected override string? PrepareContentRoot()
    {
        _folder = Directory.CreateTempSubdirectory("engage-demo-bridge-").FullName;
        File.Copy(Path.Combine(RepositoryRoot.Find(), "host.json"), Path.Combine(_folder, "host.json"));
        File.WriteAllText(Path.Combine(_folder, "local.settings.json"),
            JsonSerializer.Serialize(new { IsEncrypted = false, Values = new Dictionary<string, string> { [DemoBridgeServices.Setting] = "true" } }));
        return _folder;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_folder is not null) Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>The local runner's sample channel SDK bridge (<c>--demo-bridge</c>, issue 4 item 8).</summary>
public class DemoBridgeTests(DemoBridgeFixture app) : IClassFixture<DemoBridgeFixture>
{
    [Fact]
    public async Task The_demo_source_is_connected_and_active_with_the_bridge_capabilities()
    {
        Assert.True(app.Connection.Active, app.Connection.InactiveReason);
        Assert.Equal(app.Host.BaseUrl + DemoBridgeEndpoint.Path, app.Connection.Url);
        var (status, source) = await app.GetAsync($"1.0/content_sources/{app.Bootstrap.SourceId}");
        Assert.Equal(200, status);
        Assert.True(source.GetProperty("active").GetBoolean());
        Assert.Contains("create", source.GetProperty("capabilities").GetProperty("objects").GetProperty("messages").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(await ReceivedAsync("implementation.info"), r => r.GetProperty("signature_valid").GetBoolean() && r.GetProperty("status").GetInt32() == 200);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    public async Task A_request_with_a_bad_signature_is_refused_with_401_and_a_json_error(string mode)
    {
        var body = Encoding.UTF8.GetBytes("{\"action\":\"messages.list\",\"params\":{},\"time\":\"2024-01-01T00:00:00Z\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, DemoBridgeEndpoint.Path.TrimStart('/')) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (mode == "wrong") request.Headers.Add(ChannelSignature.HeaderName, ChannelSignature.Compute("not-the-source-secret", body));
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await EngageFixture.ReadJsonAsync(response);
        Assert.Equal(("invalid_signature", 401), (json.GetProperty("error").GetString(), json.GetProperty("status").GetInt32()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_signed_list_is_answered_with_a_signed_empty_list()
    {
        var body = Encoding.UTF8.GetBytes("{\"action\":\"messages.list\",\"params\":{\"since_id\":\"x\"},\"time\":\"2024-01-01T00:00:00Z\"}");
        using var request = new HttpRequestMessage(HttpMethod.Post, DemoBridgeEndpoint.Path.TrimStart('/')) { Content = new ByteArrayContent(body) };
        request.Headers.Add(ChannelSignature.HeaderName, ChannelSignature.Compute(app.Bootstrap.SourceSecret, body));
        using var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var raw = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("[]", Encoding.UTF8.GetString(raw));
        Assert.True(ChannelSignature.Verify(app.Bootstrap.SourceSecret, raw, response.Headers.GetValues(ChannelSignature.HeaderName).Single()));
    }

    [Fact]
    public async Task A_reply_to_a_customer_message_on_the_demo_source_reaches_the_bridge_and_ends_success()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("demo-m1", "demo-t1", "Où est ma commande ? 📦", "demo-u1", "Chloé"))).StatusCode);
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{app.Bootstrap.SourceId}&limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "demo-t1").GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var customer = contents.GetProperty("records").EnumerateArray().Single(c => c.GetProperty("foreign_id").GetString() == "demo-m1").GetProperty("id").GetString()!;

        var (opened, _) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={customer}", []);
        Assert.Equal(200, opened);
        using var replyRequest = new HttpRequestMessage(HttpMethod.Post, "1.0/contents")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { body = "Demain — “en route” 🚚 <b>ok</b>", in_reply_to_id = customer }), Encoding.UTF8, "application/json"),
        };
        replyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var replyResponse = await app.Http.SendAsync(replyRequest);
        Assert.Equal(HttpStatusCode.OK, replyResponse.StatusCode);
        var replyId = (await EngageFixture.ReadJsonAsync(replyResponse)).GetProperty("id").GetString()!;

        JsonElement reply = default;
        Assert.True(await EngageFixture.EventuallyAsync(async () =>
            (reply = (await app.GetAsync($"1.0/contents/{replyId}")).Json).GetProperty("synchronization_status").GetString() is "success" or "failed"),
            $"the reply never left pending: {reply}");
        Assert.Equal("success", reply.GetProperty("synchronization_status").GetString());

        var post = Assert.Single(await ReceivedAsync("messages.create"), r => r.GetProperty("body").GetProperty("params").GetProperty("content_id").GetString() == replyId);
        Assert.True(post.GetProperty("signature_valid").GetBoolean());
        var parameters = post.GetProperty("body").GetProperty("params");
        Assert.Equal(("Demain — “en route” 🚚 <b>ok</b>", "demo-t1", "demo-m1", false),
            (parameters.GetProperty("body").GetString(), parameters.GetProperty("thread_id").GetString(), parameters.GetProperty("in_reply_to_id").GetString(), parameters.GetProperty("retry").GetBoolean()));
        Assert.Equal(post.GetProperty("answer").GetProperty("id").GetString(), reply.GetProperty("foreign_id").GetString());
    }

    private async Task<List<JsonElement>> ReceivedAsync(string action)
    {
        using var response = await app.Http.GetAsync($"{DemoBridgeEndpoint.ReceivedPath.TrimStart('/')}?action={action}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await EngageFixture.ReadJsonAsync(response);
        return json.GetProperty("records").EnumerateArray().ToList();
    }
}
