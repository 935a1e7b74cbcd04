using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Domain.Channel;
using Microsoft.AspNetCore.Http;

namespace Engage.LocalRunner.DemoBridge;

/// <summary>One request the demo bridge received, as shown at <c>GET /_demo/bridge/received</c>.</summary>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Action">The body's <c>action</c>, when the body was JSON.</param>
/// <param name="SignatureValid">Whether <c>X-SMCCSDK-SIGNATURE</c> (or <c>?signature=</c>) held for the source's secret.</param>
/// <param name="Status">The HTTP status the bridge answered.</param>
/// <param name="Body">The request body as JSON (a string when it was not JSON).</param>
/// <param name="Answer">The body the bridge answered.</param>
public sealed record DemoBridgeRequest(DateTimeOffset ReceivedAt, string? Action, bool SignatureValid, int Status, JsonNode? Body, JsonNode? Answer);

/// <summary>
/// A sample channel SDK bridge (PROTOCOL.md, "Channel SDK") for the demo source, served by the local runner with
/// <c>--demo-bridge</c> at <see cref="Path"/>. It checks each request's signature with the source's secret (401 and a
/// JSON error when it fails), answers as a bridge does (<c>implementation.info</c> with capabilities, <c>*.create</c>
/// with the created object <c>{"id": ...}</c>, the same id again for a retry of the same <c>content_id</c>,
/// <c>*.list</c> with an empty list), signs its answers, and records every request for <see cref="ReceivedPath"/>.
/// </summary>
public sealed class DemoBridgeEndpoint(SourceStore sources, TimeProvider time)
{
    /// <summary>Where the bridge takes channel SDK requests (POST).</summary>
    public const string Path = "/_demo/bridge";

    /// <summary>Where the recorded requests are shown (GET; <c>?action=messages.create</c> filters).</summary>
    public const string ReceivedPath = Path + "/received";

    /// <summary>How many requests are kept; older ones are dropped.</summary>
    public const int MaxRecorded = 500;

    /// <summary>The capabilities answered to <c>implementation.info</c>.</summary>
    public static JsonObject Capabilities() => new()
    {
        ["objects"] = new JsonObject
        {
            ["messages"] = new JsonArray("create", "list"),
            ["private_messages"] = new JsonArray("create", "list"),
            ["threads"] = new JsonArray("create", "list"),
        },
        ["options"] = new JsonArray(),
    };

    private static readonly JsonSerializerOptions AnswerJson = new() { Encoder = RawUtf8Encoder.Instance };

    private static readonly JsonSerializerOptions ListJson = new()
    {
        Encoder = RawUtf8Encoder.Instance,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static readonly string[] Objects = ["messages", "private_messages", "threads"];

    private readonly ConcurrentQueue<DemoBridgeRequest> _received = new();
    private readonly ConcurrentDictionary<string, string> _createdIds = new(StringComparer.Ordinal);
    private volatile string? _sourceId;

    /// <summary>The source whose secret signs and checks bodies; null until the demo source is connected.</summary>
    public string? SourceId
    {
        get => _sourceId;
        set => _sourceId = value;
    }

    /// <summary>The recorded requests, oldest first.</summary>
    public IReadOnlyList<DemoBridgeRequest> Received => _received.ToArray();

    /// <summary>Serves a request under <see cref="Path"/> (the caller has moved <see cref="Path"/> to <c>PathBase</c>).</summary>
    public Task HandleAsync(HttpContext context)
    {
        var rest = context.Request.Path.Value ?? string.Empty;
        if (rest is "" or "/")
        {
            return HttpMethods.IsPost(context.Request.Method)
                ? BridgeAsync(context)
                : WriteErrorAsync(context, 405, "method_not_allowed", "The demo bridge takes channel SDK requests as POST.", null);
        }
        if (rest is "/received" && HttpMethods.IsGet(context.Request.Method)) return ListAsync(context);
        return WriteErrorAsync(context, 404, "not_found", $"Use POST {Path} or GET {ReceivedPath}.", null);
    }

    private async Task BridgeAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        var raw = buffer.ToArray();
        var body = ParseOrText(raw, out var action);

        var source = SourceId is { } id ? await sources.FindAsync(id, cancellationToken) : null;
        if (source is null)
        {
            await RecordAndWriteErrorAsync(context, body, action, false, 503, "not_connected", "The demo bridge is not connected to a source yet.", null);
            return;
        }
        var secret = sources.SecretOf(source);
        var signature = context.Request.Headers[ChannelSignature.HeaderName].FirstOrDefault() ?? context.Request.Query["signature"].FirstOrDefault();
        if (!ChannelSignature.Verify(secret, raw, signature))
        {
            await RecordAndWriteErrorAsync(context, body, action, false, 401, "invalid_signature",
                $"The {ChannelSignature.HeaderName} signature is missing or does not match the body.", secret);
            return;
        }
        if (body is not JsonObject || action is null)
        {
            await RecordAndWriteErrorAsync(context, body, action, true, 400, "invalid_body", "The body must be a JSON object with an action.", secret);
            return;
        }
        var answer = Answer(action, body["params"] as JsonObject);
        if (answer is null)
        {
            await RecordAndWriteErrorAsync(context, body, action, true, 422, "invalid_action", $"The demo bridge does not implement {action}.", secret);
            return;
        }
        Record(new DemoBridgeRequest(time.GetUtcNow(), action, true, 200, body, answer));
        await WriteAsync(context, 200, answer, secret);
    }

    private JsonNode? Answer(string action, JsonObject? parameters)
    {
        if (action == "implementation.info") return Capabilities();
        var dot = action.IndexOf('.');
        if (dot <= 0 || !Objects.Contains(action[..dot])) return null;
        switch (action[(dot + 1)..])
        {
            case "list":
                return new JsonArray();
            case "create":
                var contentId = parameters?["content_id"]?.GetValueKind() == JsonValueKind.String ? parameters["content_id"]!.GetValue<string>() : null;
                var created = contentId is null
                    ? NewId()
                    : _createdIds.GetOrAdd(contentId, _ => NewId()); // a retry of the same reply gets the same object
                return new JsonObject { ["id"] = created };
            default:
                return null;
        }
    }

    private static string NewId() => "demo-" + Guid.NewGuid().ToString("N")[..16];

    private async Task ListAsync(HttpContext context)
    {
        var filter = context.Request.Query["action"].FirstOrDefault();
        var records = Received.Where(r => string.IsNullOrEmpty(filter) || r.Action == filter).ToList();
        var json = JsonSerializer.SerializeToUtf8Bytes(new { count = records.Count, records }, ListJson);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    private Task RecordAndWriteErrorAsync(HttpContext context, JsonNode? body, string? action, bool signatureValid, int status, string error, string message, string? secret)
    {
        var answer = ErrorJson(status, error, message);
        Record(new DemoBridgeRequest(time.GetUtcNow(), action, signatureValid, status, body, answer));
        return WriteAsync(context, status, answer, secret);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string error, string message, string? secret) =>
        WriteAsync(context, status, ErrorJson(status, error, message), secret);

    private static JsonObject ErrorJson(int status, string error, string message) =>
        new() { ["error"] = error, ["message"] = message, ["status"] = status };

    private static async Task WriteAsync(HttpContext context, int status, JsonNode answer, string? secret)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, AnswerJson);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        if (secret is not null) context.Response.Headers[ChannelSignature.HeaderName] = ChannelSignature.Compute(secret, bytes);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private void Record(DemoBridgeRequest request)
    {
        _received.Enqueue(request);
        while (_received.Count > MaxRecorded && _received.TryDequeue(out _))
        {
        }
    }

    private static JsonNode? ParseOrText(byte[] raw, out string? action)
    {
        action = null;
        if (raw.Length == 0) return null;
        try
        {
            var node = JsonNode.Parse(raw);
            if (node is JsonObject obj && obj["action"] is JsonValue value && value.GetValueKind() == JsonValueKind.String) action = value.GetValue<string>();
            return node;
        }
        catch (JsonException)
        {
            return JsonValue.Create(System.Text.Encoding.UTF8.GetString(raw));
        }
    }
}
