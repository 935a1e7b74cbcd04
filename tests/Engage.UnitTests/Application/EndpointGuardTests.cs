using System.Net;
using System.Net.Sockets;
using System.Text;
using Engage.Application.Security;
using Engage.Domain.Api;
using Microsoft.Extensions.Configuration;

namespace Engage.UnitTests.Application;

public class EndpointGuardTests
{
    private static EndpointGuard Guard(bool loopback = false, bool privateNetworks = false) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engage:AllowLoopbackEndpoints"] = loopback ? "true" : null,
            ["Engage:AllowPrivateEndpoints"] = privateNetworks ? "true" : "false",
        }).Build());

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://127.8.9.10/hook")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://localhost:7071/hook")]
    [InlineData("https://bot.localhost/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    public async Task Loopback_urls_are_422_unless_the_setting_allows_them(string url)
    {
        var error = await Assert.ThrowsAsync<EngageException>(() => Guard().CheckUrlAsync(url, "url", CancellationToken.None));
        Assert.Equal((422, "forbidden_endpoint"), (error.Status, error.Error));
        Assert.Contains("loopback", error.Message);
        Assert.Equal(url, await Guard(loopback: true).CheckUrlAsync(url, "url", CancellationToken.None));
    }

    [Fact]
    public async Task Private_urls_are_422_unless_their_own_setting_allows_them()
    {
        var error = await Assert.ThrowsAsync<EngageException>(() => Guard(loopback: true).CheckUrlAsync("http://10.0.0.7/hook", "endpoint_url", CancellationToken.None));
        Assert.StartsWith("endpoint_url may not reach 10.0.0.7", error.Message);
        Assert.Equal("http://10.0.0.7/hook", await Guard(privateNetworks: true).CheckUrlAsync("http://10.0.0.7/hook", "url", CancellationToken.None));
    }

    [Fact]
    public async Task A_name_that_does_not_resolve_is_accepted_since_every_connection_is_checked_again() =>
        Assert.Equal("https://bridge.example.invalid/engage", await Guard().CheckUrlAsync("https://bridge.example.invalid/engage", "url", CancellationToken.None));

    [Fact]
    public void A_setting_that_is_not_a_boolean_stops_start_up()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Engage:AllowPrivateEndpoints"] = "sometimes" }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new EndpointGuard(configuration));
        Assert.Contains("Engage__AllowPrivateEndpoints", error.Message);
    }

    [Fact]
    public async Task At_send_time_a_connection_to_a_refused_address_is_never_opened()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient(Guard().CreateHandler(followRedirects: false));

        // "localhost" passes no registration check here: the name is resolved and refused when connecting.
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://localhost:{port}/hook"));
        Assert.Contains("loopback", error.ToString());
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://127.0.0.1:{port}/hook"));
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task At_send_time_an_allowed_address_is_connected_to()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[4096];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer);
                if (n == 0) break;
                request.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"));
        });
        using var client = new HttpClient(Guard(loopback: true).CreateHandler(followRedirects: false));
        Assert.Equal("ok", await client.GetStringAsync($"http://127.0.0.1:{port}/hook"));
        await server;
    }
}
