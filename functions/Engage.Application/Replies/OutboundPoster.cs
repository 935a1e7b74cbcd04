using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Channel;
using Engage.Application.Outbox;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Replies;

/// <summary>
/// Posts a reply to its source's channel SDK endpoint (queue <c>outbound</c>; PROTOCOL.md, "Channel SDK"):
/// a signed <c>messages.create</c> (or <c>private_messages.create</c>) with the reply's fields, or
/// <c>threads.create</c> for the first content of a discussion we started (<see cref="DiscussionService"/>), whose
/// answered id then becomes the thread's <c>foreign_id</c> too (<see cref="ThreadAliases"/>). Each attempt is
/// recorded on the content (ETag-guarded) before the post, so a retry after an unknown outcome goes out with
/// <c>retry: true</c> and the same <c>content_id</c>, there are never more posts than recorded attempts, and
/// nothing is posted after a recorded success. At most 3 attempts (retried through the queue); a
/// <c>fatal</c> error stops at once. The outcome is <c>synchronization_status</c> success (with
/// <c>foreign_id</c>) or failed (with <c>synchronization_error</c>). On a <c>messaging</c> source (issue 8) there is
/// nothing to post: the reply is recorded as delivered, which shows it to the visitor.
/// </summary>
public sealed class OutboundPoster(ThreadPartition partition, ThreadStore threads, ThreadAliases aliases, SourceStore sources, ChannelSdkClient channel, OutboxAnnouncer announcer, TimeProvider time, ILogger<OutboundPoster> logger)
{
    /// <summary>Attempts per reply.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Handles one <c>outbound</c> message (JSON <see cref="OutboxMessage"/>).</summary>
    /// <exception cref="ChannelSdkException">A failed attempt that may be retried (the queue retries it).</exception>
    public async Task PostAsync(string messageText, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.Deserialize<OutboxMessage>(messageText) ?? throw new JsonException("Empty outbound message.");
        var row = await partition.FindOutboxAsync(message.PartitionKey, message.RowKey, cancellationToken);
        if (row is null)
        {
            await Task.Delay(200, cancellationToken);
            row = await partition.FindOutboxAsync(message.PartitionKey, message.RowKey, cancellationToken);
            if (row is null && await announcer.ExplainMissingRowAsync(message, cancellationToken) is not null) return;
            row = row ?? throw new OutboxRowMissingException($"Outbound row {message.RowKey} is not there (in flight, never committed, or already done).");
        }
        var pointer = await partition.FindContentPointerAsync(message.PartitionKey, row.ResourceId, cancellationToken);
        var content = pointer is null ? null : await partition.FindContentRowAsync(message.PartitionKey, pointer.TargetRowKey, cancellationToken);
        if (content is null || content.SynchronizationStatus is "success" or "failed")
        {
            await FinishAsync(row, cancellationToken);
            return;
        }
        var initiated = row.Type == DiscussionRules.EventType;
        // A new thread is listed right after its commit; this repairs the list if that step was lost.
        if (initiated && row.ThreadRowKey is not null) await threads.EnsureListedAsync(message.PartitionKey, row.ThreadRowKey, cancellationToken);
        var source = await sources.FindAsync(content.SourceId, cancellationToken);
        if (source?.Type == "messaging")
        {
            // A web chat has no bridge: the reply already sits in the thread the visitor reads, and this status is what
            // lets the visitor API show it (Messaging.VisitorService), so delivering it is recording success.
            await RecordAsync(content, "success", null, null, row, cancellationToken);
            logger.LogInformation("Content {ContentId} delivered to the web chat of source {SourceId}", content.Id, content.SourceId);
            return;
        }
        if (source?.EndpointUrl is null)
        {
            await RecordAsync(content, "failed", "The source has no endpoint_url to post to.", null, row, cancellationToken);
            return;
        }
        if (content.SynchronizationAttempts >= MaxAttempts)
        {
            await RecordAsync(content, "failed", content.SynchronizationError ?? "No answer after 3 attempts.", null, row, cancellationToken);
            return;
        }

        // Record the attempt first: if we die after posting, the next try knows it is a retry.
        content.SynchronizationAttempts++;
        content.UpdatedAt = time.GetUtcNow();
        await partition.SubmitAsync(ThreadPartition.ReplaceContent(content).ToList(), cancellationToken);
        var retry = content.SynchronizationAttempts > 1;
        var head = await partition.HeadAsync(content.ThreadId, cancellationToken);
        var replied = content.InReplyToId is null ? null : await partition.FindContentPointerAsync(message.PartitionKey, content.InReplyToId, cancellationToken) is { } rp
            ? await partition.FindContentRowAsync(message.PartitionKey, rp.TargetRowKey, cancellationToken)
            : null;
        var action = initiated ? "threads.create" : content.PrivateMessage ? "private_messages.create" : "messages.create";
        var createdAt = Json.ContractJson.FormatTime(content.CreatedAt);
        // A new thread has no id on the bridge yet (thread_id null): the bridge answers it.
        object parameters = initiated
            ? new { author_id = content.CreatorId, body = content.Body, content_id = content.Id, created_at = createdAt, format = content.BodyInputFormat, in_reply_to_id = (string?)null, thread_id = (string?)null, title = head.Title, sender_name = (string?)null, attachments = Array.Empty<object>(), retry }
            : new { author_id = content.CreatorId, body = content.Body, content_id = content.Id, created_at = createdAt, format = content.BodyInputFormat, in_reply_to_id = replied?.ForeignId, thread_id = head.ForeignId, sender_name = (string?)null, attachments = Array.Empty<object>(), retry };
        try
        {
            var answer = await channel.SendAsync(source.EndpointUrl, sources.SecretOf(source), action, parameters, cancellationToken);
            var foreignId = answer.Json?["id"]?.ToString();
            // Linked before success is recorded: once the content shows success, pushes on the bridge's id find the thread.
            if (initiated && !string.IsNullOrEmpty(foreignId)) await aliases.LinkAsync(content, foreignId, cancellationToken);
            // A bridge lists or echoes what we created under its id: claimed first, so that is never a second content.
            else if (!string.IsNullOrEmpty(foreignId) && !await partition.ClaimForeignIdAsync(content, foreignId, cancellationToken))
            {
                logger.LogWarning("Content {ContentId}: the bridge's id {ForeignId} already names a content of the thread (its echo came before its answer).", content.Id, foreignId);
            }
            await RecordAsync(content, "success", null, foreignId, row, cancellationToken);
            logger.LogInformation("{Action} for content {ContentId} posted to source {SourceId} (attempt {Attempt})", action, content.Id, source.Id, content.SynchronizationAttempts);
        }
        catch (ChannelSdkException e) when (e.Fatal || content.SynchronizationAttempts >= MaxAttempts)
        {
            await RecordAsync(content, "failed", e.Message, null, row, cancellationToken);
            logger.LogWarning("Content {ContentId} failed for good on source {SourceId}: {Reason}", content.Id, source.Id, e.Message);
        }
        catch (ChannelSdkException e)
        {
            content.SynchronizationError = e.Message;
            await partition.SubmitAsync(ThreadPartition.ReplaceContent(content).ToList(), cancellationToken);
            logger.LogWarning("Content {ContentId} attempt {Attempt} failed: {Reason}; the queue will retry", content.Id, content.SynchronizationAttempts, e.Message);
            throw;
        }
    }

    // The outcome and the row's hand-over to the outbox dispatcher commit together; content.exported follows a success.
    private async Task RecordAsync(ContentEntity content, string status, string? error, string? foreignId, OutboxEntity row, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        content.SynchronizationStatus = status;
        content.SynchronizationError = error;
        if (foreignId is not null) content.ForeignId = foreignId;
        content.UpdatedAt = now;
        row.WorkDone = true;
        if (status == "success") row.FollowUpEventsJson = Events.FollowUpEvent.Serialize([new(Domain.Ids.EngageId.New(now), "content.exported", "content", content.Id, now)]);
        await partition.SubmitAsync([.. ThreadPartition.ReplaceContent(content), new(TableTransactionActionType.UpdateReplace, row, row.ETag)], cancellationToken);
        await announcer.AnnounceAsync(OutboxMessage.For(row), cancellationToken);
    }

    // Nothing left to post: make sure the row reaches the outbox dispatcher (it records content.replied, then removes it).
    private async Task FinishAsync(OutboxEntity row, CancellationToken cancellationToken)
    {
        if (!row.WorkDone)
        {
            row.WorkDone = true;
            await partition.SubmitAsync([new(TableTransactionActionType.UpdateReplace, row, row.ETag)], cancellationToken);
        }
        await announcer.AnnounceAsync(OutboxMessage.For(row), cancellationToken);
    }
}
