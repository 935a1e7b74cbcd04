using System.Net;
using System.Net.Sockets;
using Engage.Application.Configuration;
using Engage.Domain.Api;
using Engage.Domain.Net;
using Microsoft.Extensions.Configuration;

namespace Engage.Application.Security;

/// <summary>
/// Keeps outbound calls to third-party endpoints (webhooks, channel SDK bridges) off this machine and private networks
/// (issue 5, item 8), per <see cref="EndpointPolicy"/> built from <see cref="SettingNames.AllowLoopbackEndpoints"/> and
/// <see cref="SettingNames.AllowPrivateEndpoints"/>. Checked twice: when a URL is registered
/// (<see cref="CheckUrlAsync"/>, 422), and on every connection (<see cref="ConnectAsync"/>, the named HttpClients'
/// <see cref="SocketsHttpHandler.ConnectCallback"/>), because a name may resolve elsewhere later: the callback resolves
/// the host, refuses if any address is refused, and connects only to the addresses it checked.
/// </summary>
public sealed class EndpointGuard
{
    /// <summary>How long a registration-time name resolution may take.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads the two settings (absent means false).</summary>
    /// <exception cref="InvalidOperationException">A setting is neither true nor false.</exception>
    public EndpointGuard(IConfiguration configuration) =>
        Policy = new EndpointPolicy(Flag(configuration, SettingNames.AllowLoopbackEndpoints), Flag(configuration, SettingNames.AllowPrivateEndpoints));

    /// <summary>The policy in force.</summary>
    public EndpointPolicy Policy { get; }

    /// <summary>
    /// Checks a URL given to the API: http or https, and a host whose addresses are all allowed. A literal address is
    /// checked as is; a name is resolved (at most <see cref="ResolveTimeout"/>). A name that does not resolve now is
    /// accepted: the endpoint is unreachable anyway, and <see cref="ConnectAsync"/> checks again on every call.
    /// </summary>
    /// <returns>The URL as given.</returns>
    /// <exception cref="EngageException">422 <c>invalid_parameter</c> for a bad URL, <c>forbidden_endpoint</c> for a refused address.</exception>
    public async Task<string> CheckUrlAsync(string url, string field, CancellationToken cancellationToken)
    {
        var uri = Domain.Webhooks.WebhookRules.Url(url, field);
        IPAddress[] addresses;
        if (IsLocalhostName(uri.IdnHost))
        {
            addresses = [IPAddress.Loopback];
        }
        else if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ResolveTimeout);
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return url;
            }
        }
        foreach (var address in addresses)
        {
            if (Policy.RefusalReason(address) is { } reason)
            {
                throw EngageException.Unprocessable("forbidden_endpoint", $"{field} may not reach {uri.IdnHost}: {reason}.");
            }
        }
        return url;
    }

    /// <summary>
    /// The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolves the host, refuses the connection when any of its
    /// addresses is refused, else connects to them in turn.
    /// </summary>
    /// <exception cref="HttpRequestException">A refused address, or no address accepted the connection.</exception>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        IPAddress[] addresses = IsLocalhostName(host) ? [IPAddress.Loopback]
            : IPAddress.TryParse(host, out var literal) ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0) throw new HttpRequestException($"{host} has no address.");
        foreach (var address in addresses)
        {
            if (Policy.RefusalReason(address) is { } reason) throw new HttpRequestException($"Refused to connect to {host}: {reason}.");
        }
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException($"Could not connect to {host}: {last!.Message}", last);
    }

    /// <summary>
    /// A primary handler for the named HttpClients that call third-party endpoints: connections go through
    /// <see cref="ConnectAsync"/>, and no proxy is used (through a proxy the callback would only see the proxy).
    /// </summary>
    public SocketsHttpHandler CreateHandler(bool followRedirects) => new()
    {
        ConnectCallback = ConnectAsync,
        UseProxy = false,
        AllowAutoRedirect = followRedirects,
    };

    // RFC 6761: "localhost" and names under it are loopback whatever a resolver says.
    private static bool IsLocalhostName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.Equals("localhost.", StringComparison.OrdinalIgnoreCase);

    private static bool Flag(IConfiguration configuration, string setting)
    {
        var key = setting.Replace("__", ":", StringComparison.Ordinal);
        var raw = configuration[key];
        if (string.IsNullOrWhiteSpace(raw)) return false;
        return bool.TryParse(raw, out var value) ? value : throw new InvalidOperationException($"{setting} must be true or false, is '{raw}'.");
    }
}
