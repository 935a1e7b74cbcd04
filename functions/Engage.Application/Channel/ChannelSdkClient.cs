using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Json;
using Engage.Domain.Channel;

namespace Engage.Application.Channel;

/// <summary>The answer of a channel SDK endpoint: its status, raw body, and the parsed JSON when the signature held.</summary>
public sealed record ChannelSdkResponse(int Status, byte[] Body, JsonNode? Json);

/// <summary>
/// Calls a source's channel SDK endpoint (PROTOCOL.md, "Channel SDK"): POSTs
/// <c>{"action", "params", "time"}</c> as compact JSON in raw UTF-8, signed with <c>X-SMCCSDK-SIGNATURE</c>, and
/// checks the answer's signature over its raw bytes. Uses the <c>channel-sdk</c> named HttpClient (10 s timeout).
/// </summary>
public sealed class ChannelSdkClient(IHttpClientFactory httpClients, TimeProvider time)
{
    /// <summary>How long an endpoint may take to answer (bridges may call back into the API first).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Name of the HttpClient registration.</summary>
    public const string HttpClientName = "channel-sdk";

    /// <summary>Serializer options for outbound bodies: compact, raw UTF-8, snake_case.</summary>
    public static readonly JsonSerializerOptions OutboundJson = new()
    {
        Encoder = RawUtf8Encoder.Instance,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    /// <summary>The exact bytes sent for an action: <c>{"action":...,"params":...,"time":"2012-10-01T17:18:40Z"}</c>.</summary>
    public byte[] Serialize(string action, object parameters) =>
        JsonSerializer.SerializeToUtf8Bytes(new { action, @params = parameters, time = ContractJson.FormatTime(time.GetUtcNow()) }, OutboundJson);

    /// <summary>Sends <paramref name="action"/> to <paramref name="endpointUrl"/>.</summary>
    /// <exception cref="ChannelSdkException">No answer, a non-2xx answer, a missing or wrong signature, a body that is not JSON, or an <c>error</c> body.</exception>
    public async Task<ChannelSdkResponse> SendAsync(string endpointUrl, string secret, string action, object parameters, CancellationToken cancellationToken)
    {
        var body = Serialize(action, parameters);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpointUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(ChannelSignature.HeaderName, ChannelSignature.Compute(secret, body));
        HttpResponseMessage response;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ChannelSdkException($"The endpoint did not answer: {e.Message}", fatal: false);
        }
        using (response)
        {
            var raw = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var status = (int)response.StatusCode;
            if (status is < 200 or > 299) throw new ChannelSdkException($"The endpoint answered HTTP {status}.", fatal: false);
            var signature = response.Headers.TryGetValues(ChannelSignature.HeaderName, out var values) ? values.FirstOrDefault() : null;
            if (!ChannelSignature.Verify(secret, raw, signature))
            {
                throw new ChannelSdkException("The endpoint's answer has a missing or wrong signature (X-SMCCSDK-SIGNATURE).", fatal: false);
            }
            JsonNode? json;
            try
            {
                json = raw.Length == 0 ? null : JsonNode.Parse(raw);
            }
            catch (JsonException)
            {
                throw new ChannelSdkException("The endpoint's answer is not JSON.", fatal: false);
            }
            if (json is JsonObject obj && obj["error"] is { } error)
            {
                var fatal = error is JsonObject e && e["fatal"]?.GetValueKind() == JsonValueKind.True;
                var message = error is JsonObject m ? m["message"]?.ToString() : error.ToString();
                throw new ChannelSdkException($"The endpoint answered an error: {message}", fatal);
            }
            return new ChannelSdkResponse(status, raw, json);
        }
    }
}

/// <summary>A failed channel SDK call; <see cref="Fatal"/> when the endpoint said not to retry.</summary>
public sealed class ChannelSdkException(string message, bool fatal) : Exception(message)
{
    /// <summary>The endpoint answered <c>{"error": {"fatal": true}}</c>.</summary>
    public bool Fatal { get; } = fatal;
}
