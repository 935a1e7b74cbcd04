using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Events;

/// <summary>
/// The event log (table <c>Events</c>, see <see cref="EventEntity"/>). Writes are idempotent per event id. Reads go
/// per source, so callers pass the sources the reader may read.
/// </summary>
public sealed class EventLog(EngageStorage storage)
{
    private TableClient Table => storage.Table(StorageNames.EventsTable);

    /// <summary>Records <paramref name="entity"/> (an upsert: a repeat of the same event replaces it with itself).</summary>
    public Task WriteAsync(EventEntity entity, CancellationToken cancellationToken) =>
        storage.SubmitAsync(StorageNames.EventsTable, [new(TableTransactionActionType.UpsertReplace, entity)], cancellationToken);

    /// <summary>One event by id among <paramref name="sourceIds"/> (one point read per source), or null.</summary>
    public async Task<EventEntity?> FindAsync(IEnumerable<string> sourceIds, string eventId, CancellationToken cancellationToken)
    {
        if (!Domain.Ids.EngageId.IsValid(eventId)) return null;
        var rowKey = EventKeys.RowKey(eventId);
        var found = await Task.WhenAll(sourceIds.Select(s => Table.FindAsync<EventEntity>(s, rowKey, cancellationToken)));
        return found.FirstOrDefault(e => e is not null);
    }

    /// <summary>True when the event is in the log under <paramref name="sourceId"/> (one point read).</summary>
    public async Task<bool> ContainsAsync(string sourceId, string eventId, CancellationToken cancellationToken) =>
        await FindAsync([sourceId], eventId, cancellationToken) is not null;

    /// <summary>
    /// The events of <paramref name="sourceIds"/> matching <paramref name="query"/>, in its order (by issue time, then
    /// id). One filtered query per source; the cost grows with the matching events, which the count needs anyway.
    /// </summary>
    public async Task<IReadOnlyList<EventEntity>> QueryAsync(IEnumerable<string> sourceIds, EventQuery query, CancellationToken cancellationToken)
    {
        var perSource = await Task.WhenAll(sourceIds.Select(s => Table.AllAsync<EventEntity>(query.ODataFilter(s), cancellationToken)));
        var all = perSource.SelectMany(e => e).Where(query.Keeps);
        return (query.Descending
            ? all.OrderByDescending(e => e.IssuedAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
            : all.OrderBy(e => e.IssuedAt).ThenBy(e => e.EventId, StringComparer.Ordinal)).ToList();
    }
}
