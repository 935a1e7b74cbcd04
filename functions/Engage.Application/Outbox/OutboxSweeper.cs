using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Outbox;

/// <summary>
/// Announces again the outbox rows left behind (issue 5, "a timer-triggered sweeper republishes outbox rows"): a row
/// stays only when its announcement was lost, for example a process died after a commit and before the next step's
/// announcement. Each row goes to the queue of the work it still waits for: a close in progress to
/// <c>dispositions</c>, a reply not yet posted to <c>outbound</c>, anything else to <c>outbox</c>. Every handler is
/// idempotent, so a row that was only slow is harmless to announce twice.
/// </summary>
public sealed class OutboxSweeper(EngageStorage storage, OutboxAnnouncer announcer, TimeProvider time, ILogger<OutboxSweeper> logger)
{
    /// <summary>Rows younger than this are left to their own announcement.</summary>
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(5);

    /// <summary>Rows announced per run at most; the rest wait for the next run.</summary>
    public const int MaxPerRun = 1000;

    /// <summary>
    /// One sweep: a query across the <c>Threads</c> and <c>IdentityGroups</c> tables for outbox rows issued before now minus <see cref="MinimumAge"/>
    /// (the service scans every partition, so it runs every 5 minutes, not per request). Returns how many were announced.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - MinimumAge;
        var filter = TableClient.CreateQueryFilter($"RowKey ge {"o|"} and RowKey lt {"o}"} and IssuedAt lt {cutoff}");
        var announced = 0;
        // Identity groups hold the outbox rows of merges and unmerges.
        foreach (var table in new[] { StorageNames.ThreadsTable, StorageNames.IdentityGroupsTable })
        {
            await foreach (var row in storage.Table(table).QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
            {
                if (announced == MaxPerRun) break;
                await announcer.AnnounceAsync(OutboxMessage.For(row, table), cancellationToken, QueueOf(row));
                announced++;
            }
        }
        if (announced > 0) logger.LogWarning("Outbox sweeper announced {Count} rows left behind.", announced);
        return announced;
    }

    /// <summary>The queue whose handler a row still waits for.</summary>
    public static string QueueOf(OutboxEntity row) => row switch
    {
        { Type: "intervention.closing" } => StorageNames.DispositionsQueue,
        { WorkDone: false, Type: "content.replied" or "content.discussion_initiated" } => StorageNames.OutboundQueue,
        _ => StorageNames.OutboxQueue,
    };
}
