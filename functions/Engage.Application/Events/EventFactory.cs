using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Application.Json;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;

namespace Engage.Application.Events;

/// <summary>
/// Turns an outbox row into the events it records: its own, plus any follow-up events of the same transaction
/// (<see cref="OutboxEntity.FollowUpEventsJson"/>). Resource metadata (PROTOCOL.md, "Webhooks") is the resource's
/// REST view plus the names PROTOCOL.md gives (<c>private</c>, <c>custom_field_values</c>): taken from the snapshot
/// the transaction stored when there is one, else read now; a content's or intervention's <c>identity_group_id</c> is its
/// identity's group as it is now (<see cref="IdentityGroups.IdentityGroupOfIdentity"/>). A resource that no longer exists gives <c>{"id"}</c>.
/// </summary>
public sealed class EventFactory(ThreadQueries threads, ThreadPartition partition, IdentityGroups.IdentityGroupOfIdentity groupOf)
{
    /// <summary>The events of <paramref name="row"/>, its own first; <paramref name="head"/> is its thread's head as just read, if any.</summary>
    public async Task<IReadOnlyList<EventEntity>> FromOutboxAsync(OutboxEntity row, ThreadEntity? head, CancellationToken cancellationToken)
    {
        // A change that did not read the thread head (an intervention update) takes the thread's sequence now.
        if (row.Sequence == 0 && head is not null) row.Sequence = head.LastSequence;
        var groups = new Dictionary<string, string?>(StringComparer.Ordinal); // one read per identity for the row's events
        var events = new List<EventEntity>
        {
            await BuildAsync(row, head, row.EventId, row.Type, row.ResourceType, row.ResourceId, row.MetadataJson, groups, cancellationToken),
        };
        var followUps = FollowUpEvent.Parse(row.FollowUpEventsJson);
        for (var i = 0; i < followUps.Count; i++)
        {
            var e = await BuildAsync(row, head, followUps[i].EventId, followUps[i].Type, followUps[i].ResourceType, followUps[i].ResourceId, snapshot: null, groups, cancellationToken);
            // Its own time when it happened later (an export); else one tick after the row's own event, which came first.
            e.IssuedAt = followUps[i].IssuedAt ?? row.IssuedAt.AddTicks(i + 1);
            events.Add(e);
        }
        return events;
    }

    private async Task<EventEntity> BuildAsync(OutboxEntity row, ThreadEntity? head, string eventId, string type, string resourceType, string resourceId, string? snapshot, Dictionary<string, string?> groups, CancellationToken cancellationToken)
    {
        var entity = new EventEntity
        {
            PartitionKey = row.SourceId,
            RowKey = EventKeys.RowKey(eventId),
            EventId = eventId,
            Type = type,
            IssuedAt = row.IssuedAt,
            UserId = row.UserId,
            SourceId = row.SourceId,
            ThreadId = row.ThreadId,
            ResourceType = resourceType,
            ResourceId = resourceId,
            Sequence = row.Sequence,
        };
        // identity_group_id is read now, not stored with the change: a merge may have moved the identity since.
        entity.MetadataJson = await groupOf.FillMetadataAsync(resourceType, snapshot ?? await MetadataAsync(resourceType, resourceId, head, cancellationToken), groups, cancellationToken);
        return entity;
    }

    private async Task<string> MetadataAsync(string resourceType, string resourceId, ThreadEntity? head, CancellationToken cancellationToken)
    {
        JsonObject? metadata = resourceType switch
        {
            "content" => await threads.FindContentAsync(resourceId, cancellationToken) is { } content ? ContentMetadata(content) : null,
            "intervention" => await partition.FindInterventionAsync(resourceId, cancellationToken) is { } intervention ? InterventionMetadata(intervention) : null,
            "content_thread" => (head?.Id == resourceId ? head : await threads.FindThreadAsync(resourceId, cancellationToken)) is { } thread ? ToObject(thread.ToView()) : null,
            _ => null,
        };
        return (metadata ?? new JsonObject { ["id"] = resourceId }).ToJsonString(ContractJson.Options);
    }

    /// <summary>A content's metadata: its view, with <c>private</c> beside <c>private_message</c>.</summary>
    public static JsonObject ContentMetadata(ContentEntity content)
    {
        var metadata = ToObject(content.ToView());
        metadata["private"] = content.PrivateMessage;
        return metadata;
    }

    /// <summary>An intervention's metadata: its view, with <c>custom_field_values</c> beside <c>custom_fields</c>.</summary>
    public static JsonObject InterventionMetadata(InterventionEntity intervention)
    {
        var metadata = ToObject(intervention.ToView());
        metadata["custom_field_values"] = metadata["custom_fields"]?.DeepClone();
        return metadata;
    }

    private static JsonObject ToObject<T>(T view) => JsonSerializer.SerializeToNode(view, ContractJson.Options)!.AsObject();
}

/// <summary>
/// An event recorded on an outbox row besides the row's own: a reopen caused by a customer message (same time), or a
/// reply's export, recorded later on the reply's row with its own <paramref name="IssuedAt"/>.
/// </summary>
public sealed record FollowUpEvent(string EventId, string Type, string ResourceType, string ResourceId, DateTimeOffset? IssuedAt = null)
{
    /// <summary>Reads the stored JSON array; null or empty gives none.</summary>
    public static IReadOnlyList<FollowUpEvent> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<FollowUpEvent>>(json) ?? [];

    /// <summary>The stored JSON array.</summary>
    public static string Serialize(IReadOnlyList<FollowUpEvent> events) => JsonSerializer.Serialize(events);
}
