using System.Text.Json.Nodes;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Domain.Api;

namespace Engage.Application.Events;

/// <summary>
/// <c>GET /1.0/events</c> and <c>GET /1.0/events/{id}</c> (openapi.yaml): the event log of the sources the caller may
/// read, for roles with <c>search_event</c>.
/// </summary>
public sealed class EventService(EventLog log, SourceStore sources)
{
    /// <summary>
    /// The log, newest first unless <c>order:created_at.asc</c> (by issue time, then event id); see <see cref="EventQuery"/>;
    /// offset or keyset cursor. Cost: one filtered query per readable source; the count needs every match, so the
    /// cursor applies to the rows read.
    /// </summary>
    /// <exception cref="EngageException">403 without <c>search_event</c>; 422 <c>invalid_query</c> or <c>invalid_cursor</c>.</exception>
    public async Task<ListView<JsonObject>> ListAsync(Caller caller, Paging paging, string? q, CancellationToken cancellationToken)
    {
        caller.Require("search_event");
        var query = EventQuery.Parse(q);
        var order = query.Descending ? "created_at.desc" : "created_at.asc";
        _ = Keyset.Position(paging, "events", order, parts: 2);
        var all = await log.QueryAsync(await ReadableAsync(caller, cancellationToken), query, cancellationToken);
        var page = Keyset.Page(all, e => query.Descending ? [Keyset.Descending(e.IssuedAt), Keyset.DescendingHex(e.EventId)] : [Keyset.Ascending(e.IssuedAt), e.EventId], paging, "events", order);
        return new(page.Count, paging.Offset, paging.Limit, page.Records.Select(EventJson.ForApi).ToList(), page.NextCursor);
    }

    /// <summary>One event.</summary>
    /// <exception cref="EngageException">404 when unknown, on a source the caller may not read, or without <c>search_event</c> (as the contract says).</exception>
    public async Task<JsonObject> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        if (!caller.Can("search_event")) throw EngageException.NotFound("Event");
        var found = await log.FindAsync(await ReadableAsync(caller, cancellationToken), id, cancellationToken);
        return found is null ? throw EngageException.NotFound("Event") : EventJson.ForApi(found);
    }

    private async Task<IReadOnlyList<string>> ReadableAsync(Caller caller, CancellationToken cancellationToken) =>
        await sources.IdsAsync(caller.CanReadSource, cancellationToken);
}
