using System.Security.Cryptography;
using System.Text;

namespace Engage.Application.Webhooks;

/// <summary>
/// The verification handshake (PROTOCOL.md, "Webhooks"): <c>GET url?hub.mode=subscribe&amp;hub.challenge=&lt;random&gt;&amp;hub.verify_token=&lt;token&gt;</c>,
/// with <c>X-Dimelo-Secret: &lt;secret&gt;</c> when a secret is set. Only a 200 whose body is exactly the challenge passes.
/// Uses the <c>webhooks</c> named HttpClient: 10 s timeout, no redirects, connections checked by
/// <see cref="Security.EndpointGuard"/>.
/// </summary>
public sealed class WebhookVerifier(IHttpClientFactory httpClients)
{
    /// <summary>Name of the HttpClient registration (shared with delivery).</summary>
    public const string HttpClientName = "webhooks";

    /// <summary>How long an endpoint may take to answer (bots may call back into the API first).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The header that carries the secret itself (not a hash of it).</summary>
    public const string SecretHeader = "X-Dimelo-Secret";

    // Enough to hold the challenge and see that a longer body is not it.
    private const int MaxAnswerBytes = 4096;

    /// <summary>Runs the handshake against <paramref name="url"/>.</summary>
    /// <returns>Null when the endpoint passed; otherwise why it failed, fit to show on the webhook (no secret in it).</returns>
    public async Task<string?> VerifyAsync(string url, string? verifyToken, string? secret, CancellationToken cancellationToken)
    {
        var challenge = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Get, ChallengeUrl(url, challenge, verifyToken));
        if (secret is not null) request.Headers.TryAddWithoutValidation(SecretHeader, secret);
        // The client's timeout stops at the headers; this one also bounds reading the body.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            if (status != 200) return $"The endpoint answered HTTP {status} to the verification request; it must answer 200 with the challenge.";
            var body = await ReadPrefixAsync(response, deadline.Token);
            return body == challenge ? null : "The endpoint answered 200, but its body was not exactly the hub.challenge value.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"The endpoint did not answer the verification request within {Timeout.TotalSeconds:0} s.";
        }
        catch (HttpRequestException e)
        {
            return $"The verification request failed: {e.Message}";
        }
    }

    /// <summary><paramref name="url"/> with the three <c>hub.*</c> parameters added to its query.</summary>
    public static Uri ChallengeUrl(string url, string challenge, string? verifyToken)
    {
        var builder = new UriBuilder(url) { Fragment = string.Empty };
        var hub = $"hub.mode=subscribe&hub.challenge={challenge}&hub.verify_token={Uri.EscapeDataString(verifyToken ?? string.Empty)}";
        var query = builder.Query.TrimStart('?');
        builder.Query = query.Length == 0 ? hub : query + "&" + hub;
        return builder.Uri;
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
