using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Interventions;

/// <summary>
/// Keeps the cross-thread intervention list (table <c>InterventionIndex</c>, see docs/table-design.md) in step
/// with the intervention rows. The list lives in another table than the thread partition, so it cannot join the
/// transaction: every write of an intervention bumps its <see cref="InterventionEntity.Version"/> and names it on
/// the transaction's outbox row; after the commit the list row is brought up to date, and the outbox dispatcher
/// does it again after a crash. A copy only replaces an older copy, so racing updates never go back in time.
/// </summary>
public sealed class InterventionIndex(EngageStorage storage, ILogger<InterventionIndex> logger)
{
    private const int MaxAttempts = 10;
    private TableClient Index => storage.Table(StorageNames.InterventionIndexTable);

    /// <summary>The list RowKey of an intervention: <c>c|{inverted created_at ticks}|{id}</c>.</summary>
    public static string RowKey(InterventionEntity intervention) => TableKeys.Join("c", TableKeys.NewestFirst(intervention.CreatedAt), intervention.Id);

    /// <summary>
    /// Before a <c>Threads</c> transaction: bumps the version of every intervention it writes and, when it writes
    /// exactly one, names it on the transaction's outbox rows (with its event metadata when it is their resource).
    /// Returns the interventions written.
    /// </summary>
    public static IReadOnlyList<InterventionEntity> Prepare(IReadOnlyList<TableTransactionAction> actions)
    {
        var written = actions.Where(a => a.ActionType != TableTransactionActionType.Delete).Select(a => a.Entity).OfType<InterventionEntity>().ToList();
        foreach (var intervention in written) intervention.Version++;
        if (written.Count == 1)
        {
            foreach (var outbox in actions.Select(a => a.Entity).OfType<OutboxEntity>())
            {
                outbox.InterventionId = written[0].Id;
                // The event shows the intervention as this transaction leaves it, not as a later change might.
                if (outbox.ResourceType == "intervention" && outbox.ResourceId == written[0].Id)
                {
                    var metadata = Events.EventFactory.InterventionMetadata(written[0]);
                    // Keys the change put on the row itself (what it changed) are kept beside the view.
                    if (outbox.MetadataJson is { } given && System.Text.Json.Nodes.JsonNode.Parse(given) is System.Text.Json.Nodes.JsonObject extra)
                    {
                        foreach (var (key, value) in extra) if (!metadata.ContainsKey(key)) metadata[key] = value?.DeepClone();
                    }
                    outbox.MetadataJson = metadata.ToJsonString(Json.ContractJson.Options);
                }
            }
        }
        return written;
    }

    /// <summary>After the commit: updates the list rows; a failure is logged, the outbox dispatcher repairs it.</summary>
    public async Task AfterCommitAsync(IReadOnlyList<InterventionEntity> written, CancellationToken cancellationToken)
    {
        foreach (var intervention in written)
        {
            try
            {
                await SyncAsync(intervention, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Intervention {InterventionId}: list update failed after commit; the outbox dispatcher will repair it.", intervention.Id);
            }
        }
    }

    /// <summary>Rereads an intervention and brings its list row up to date (the dispatcher's repair). Missing: nothing to do.</summary>
    public async Task RepairAsync(string partitionKey, string interventionId, CancellationToken cancellationToken)
    {
        var intervention = await storage.Table(StorageNames.ThreadsTable).FindAsync<InterventionEntity>(partitionKey, TableKeys.Join("v", interventionId), cancellationToken);
        if (intervention is not null) await SyncAsync(intervention, cancellationToken);
    }

    /// <summary>Writes the list row of <paramref name="intervention"/> unless a copy of the same or a newer version is there.</summary>
    public async Task SyncAsync(InterventionEntity intervention, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await Index.FindAsync<InterventionIndexEntity>(intervention.SourceId, RowKey(intervention), cancellationToken);
            if (current is not null && current.Version >= intervention.Version) return;
            var copy = new InterventionIndexEntity
            {
                PartitionKey = intervention.SourceId,
                RowKey = RowKey(intervention),
                InterventionId = intervention.Id,
                ThreadId = intervention.ThreadId,
                UserId = intervention.UserId,
                IdentityId = intervention.IdentityId,
                Status = intervention.Status,
                CreatedAt = intervention.CreatedAt,
                UpdatedAt = intervention.UpdatedAt,
                Version = intervention.Version,
            };
            TableTransactionAction action = current is null
                ? new(TableTransactionActionType.Add, copy)
                : new(TableTransactionActionType.UpdateReplace, copy, current.ETag);
            // On a conflict another copy landed first: read it and compare versions again.
            if (attempt == MaxAttempts) await storage.SubmitAsync(StorageNames.InterventionIndexTable, [action], cancellationToken);
            else if (!await storage.TrySubmitAsync(StorageNames.InterventionIndexTable, [action], cancellationToken)) continue;
            return;
        }
    }

    /// <summary>
    /// The list rows of <paramref name="sourceIds"/> that match <paramref name="filter"/>, one query per source
    /// (filtered by the service), newest first per source. Cost: proportional to the matching rows.
    /// </summary>
    public async Task<IReadOnlyList<InterventionIndexEntity>> QueryAsync(IReadOnlyCollection<string> sourceIds, InterventionListFilter filter, CancellationToken cancellationToken)
    {
        var perSource = await Task.WhenAll(sourceIds.Select(source =>
            Index.AllAsync<InterventionIndexEntity>(filter.ODataFilter(source), cancellationToken)));
        return perSource.SelectMany(rows => rows).ToList();
    }

    /// <summary>Every open intervention (opened, reopened, closing) of every source: one query across the table.</summary>
    public async Task<IReadOnlyList<InterventionIndexEntity>> OpenAsync(CancellationToken cancellationToken) =>
        await Index.AllAsync<InterventionIndexEntity>(InterventionListFilter.StatusClause(InterventionListFilter.OpenStatuses), cancellationToken);
}
