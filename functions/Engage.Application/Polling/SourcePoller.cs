using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Application.Channel;
using Engage.Application.Ingest;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Channel;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Polling;

/// <summary>
/// Polls active channel SDK sources (PROTOCOL.md, "Polling"): about every minute for sources that implement a
/// <c>list</c>, every 3 minutes otherwise, it sends a signed <c>implementation.info</c> (capabilities stored on the
/// source), then <c>threads.list</c>, <c>messages.list</c> and <c>private_messages.list</c> with <c>since_id</c> = the
/// newest object already imported, and imports the answers (newest first) oldest first with the Send API's code,
/// so a message seen both ways is one content. A bridge that fails or answers garbage is logged and tried again
/// next round; it never stops the run or the other sources.
/// </summary>
public sealed class SourcePoller(SourceStore sources, EngageStorage storage, ChannelSdkClient channel, SendApiService sendApi, ThreadStore threads, TimeProvider time, ILogger<SourcePoller> logger)
{
    /// <summary>Interval for sources that implement a list action.</summary>
    public static readonly TimeSpan ListInterval = TimeSpan.FromMinutes(1);

    /// <summary>Interval for sources that implement none.</summary>
    public static readonly TimeSpan NoListInterval = TimeSpan.FromMinutes(3);

    // The timer fires every minute; a few seconds of slack keep a source from slipping to the next tick.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>Polls every source that is due; returns how many were polled successfully.</summary>
    public async Task<int> PollDueAsync(CancellationToken cancellationToken)
    {
        var polled = 0;
        foreach (var source in await sources.ListAsync(cancellationToken))
        {
            if (source is not { Type: "sdk", Active: true, EndpointUrl: not null } || !IsDue(source)) continue;
            try
            {
                await PollAsync(source, cancellationToken);
                polled++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Polling source {SourceId} failed; it is tried again next round: {Reason}", source.Id, e.Message);
            }
        }
        return polled;
    }

    private bool IsDue(SourceEntity source)
    {
        if (source.LastPolledAt is not { } last) return true;
        var interval = SupportsAnyList(source.CapabilitiesJson) ? ListInterval : NoListInterval;
        return time.GetUtcNow() - last >= interval - Slack;
    }

    /// <summary>Polls one source now.</summary>
    /// <exception cref="ChannelSdkException">The bridge failed; nothing was recorded for this round.</exception>
    public async Task PollAsync(SourceEntity source, CancellationToken cancellationToken)
    {
        var secret = sources.SecretOf(source);
        var info = await channel.SendAsync(source.EndpointUrl!, secret, "implementation.info", new { }, cancellationToken);
        var capabilities = info.Json as JsonObject ?? throw new ChannelSdkException("implementation.info did not answer an object.", fatal: false);
        var cursors = JsonSerializer.Deserialize<Dictionary<string, string>>(source.PollCursorsJson) ?? [];
        var unthreaded = SourceStore.OptionsOf(source).Contains("messages.unthreaded");
        foreach (var type in new[] { "threads", "messages", "private_messages" })
        {
            if (!Supports(capabilities, type, "list")) continue;
            object parameters = cursors.TryGetValue(type, out var since) ? new { since_id = since } : new { };
            var answer = await channel.SendAsync(source.EndpointUrl!, secret, $"{type}.list", parameters, cancellationToken);
            if (answer.Json is not JsonArray items) throw new ChannelSdkException($"{type}.list did not answer an array.", fatal: false);
            // Newest first on the wire; import oldest first so threads and sequences follow the conversation.
            foreach (var item in items.Reverse())
            {
                await ImportAsync(source, type, item, unthreaded, cancellationToken);
            }
            if (items.FirstOrDefault()?["id"]?.ToString() is { Length: > 0 } newest) cursors[type] = newest;
        }
        source.CapabilitiesJson = capabilities.ToJsonString();
        source.PollCursorsJson = JsonSerializer.Serialize(cursors);
        source.LastPolledAt = time.GetUtcNow();
        try
        {
            await storage.SubmitAsync(StorageNames.SourcesTable, [new(TableTransactionActionType.UpdateReplace, source, source.ETag)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            // An admin changed the source meanwhile; the imports are idempotent, so the next round repeats safely.
            logger.LogInformation("Source {SourceId} changed while it was polled; its cursor is saved next round.", source.Id);
        }
    }

    private async Task ImportAsync(SourceEntity source, string type, JsonNode? item, bool unthreaded, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(item?.ToJsonString() ?? "null");
        try
        {
            if (type == "threads")
            {
                var id = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var idValue) ? idValue.ToString() : null;
                if (string.IsNullOrEmpty(id)) throw EngageException.Unprocessable("missing_parameter", "id is required.");
                var title = doc.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                await threads.UpsertThreadAsync(source.Id, id, title, null, null, cancellationToken);
                return;
            }
            var message = SendApiParser.ReadMessage(doc.RootElement, unthreaded, isPrivate: type == "private_messages");
            await sendApi.ImportMessageAsync(source, message, cancellationToken);
        }
        catch (EngageException e)
        {
            // One bad object must not block the rest of the batch.
            logger.LogWarning("Source {SourceId}: skipped a {Type} object: {Reason}", source.Id, type, e.Message);
        }
    }

    private static bool SupportsAnyList(string? capabilitiesJson) =>
        capabilitiesJson is not null && JsonNode.Parse(capabilitiesJson) is JsonObject caps
        && new[] { "threads", "messages", "private_messages" }.Any(t => Supports(caps, t, "list"));

    private static bool Supports(JsonObject capabilities, string type, string action) =>
        capabilities["objects"]?[type] is JsonArray actions && actions.Any(a => a?.ToString() == action);
}
