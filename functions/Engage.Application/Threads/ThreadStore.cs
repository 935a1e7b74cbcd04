using Azure.Data.Tables;
using Engage.Application.Outbox;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Ids;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Threads;

/// <summary>
/// Writes threads and contents (table <c>Threads</c>) and keeps the per-source thread list (table
/// <c>ThreadIndex</c>) in step. A new content is one entity group transaction in its thread's partition:
/// dedupe row, both content rows, content pointer, head update (ETag) and outbox row; then one transaction
/// moves the thread's index row. Known costs: docs/table-design.md.
/// </summary>
public sealed class ThreadStore(EngageStorage storage, OutboxAnnouncer announcer, Interventions.InterventionIndex interventionIndex, TimeProvider time, ILogger<ThreadStore> logger)
{
    // Many writers on one thread serialise on its head's ETag: retry with growing, jittered waits (about 10 s in all).
    private const int MaxAttempts = 60;
    private TableClient Threads => storage.Table(StorageNames.ThreadsTable);

    /// <summary>
    /// Appends <paramref name="content"/> to its thread, creating the thread if needed. Idempotent on
    /// (source, foreign content id) within a thread: a second push of the same id, even racing the first, gives
    /// <see cref="AppendResult.Duplicate"/> and changes nothing.
    /// </summary>
    public async Task<AppendResult> AppendAsync(NewContent content, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var dedupeKey = ThreadKeys.Dedupe(content.SourceId, content.ForeignId);
        for (var round = 1; ; round++)
        {
            // Locate first: the foreign thread id may be an alias, and the announcement must name the real partition.
            var located = await LocateAsync(content.SourceId, content.ForeignThreadId, cancellationToken);
            var replied = content.InReplyToForeignId is null ? null : await FindRepliedAsync(located.Partition, content.SourceId, content.InReplyToForeignId, cancellationToken);
            var eventId = EngageId.New(now);
            var receipt = await announcer.AnnounceAsync(new OutboxMessage(StorageNames.ThreadsTable, located.Partition, ThreadKeys.Outbox(eventId), dedupeKey), cancellationToken);
            try
            {
                var result = await AppendAnnouncedAsync(content, located, dedupeKey, replied, eventId, receipt, now, cancellationToken);
                if (result is not null) return result;
            }
            catch (Exception e) when (e is TableLimitException or Azure.RequestFailedException { Status: >= 400 and < 500 })
            {
                // Refused for certain, so nothing was committed: take the announcement back. After an ambiguous failure
                // (timeout, 5xx) it stays: the dispatcher finds the row if the commit happened, else it ends in poison.
                await announcer.WithdrawAsync(receipt, CancellationToken.None);
                throw;
            }
            // The foreign id became an alias meanwhile (a thread we started got this id): announce again, in the real partition.
            await announcer.WithdrawAsync(receipt, CancellationToken.None);
            if (round >= 3) throw new InvalidOperationException($"Thread {content.ForeignThreadId} kept moving while a content was appended.");
        }
    }

    /// <summary>
    /// Where the thread with this foreign id lives: its partition, head RowKey and head (null when there is no thread
    /// yet). Follows an alias row (a thread we started, docs/table-design.md "Threads we start"): one more point read.
    /// </summary>
    public async Task<LocatedThread> LocateAsync(string sourceId, string foreignThreadId, CancellationToken cancellationToken)
    {
        var partition = ThreadKeys.Partition(sourceId, foreignThreadId);
        var headKey = ThreadKeys.Head(sourceId, foreignThreadId);
        var row = await Threads.FindAsync<ThreadEntity>(partition, headKey, cancellationToken);
        if (row is not { IsAlias: true }) return new LocatedThread(partition, headKey, row);
        var head = await Threads.FindAsync<ThreadEntity>(row.AliasPartitionKey!, row.AliasRowKey!, cancellationToken)
            ?? throw new InvalidOperationException($"Alias {partition}/{headKey} points at a missing head.");
        return new LocatedThread(row.AliasPartitionKey!, row.AliasRowKey!, head);
    }

    /// <returns>Null when the thread moved behind an alias after <paramref name="located"/> was read.</returns>
    private async Task<AppendResult?> AppendAnnouncedAsync(NewContent content, LocatedThread located, string dedupeKey, ContentEntity? replied, string eventId, Azure.Storage.Queues.Models.SendReceipt receipt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (partition, headKey, head) = located;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                var again = await LocateAsync(content.SourceId, content.ForeignThreadId, cancellationToken);
                if (again.Partition != partition || again.HeadKey != headKey) return null;
                head = again.Head;
            }
            var isNew = head is null;
            head ??= NewHead(partition, headKey, content.SourceId, content.ForeignThreadId, content.ThreadTitle, now);
            var contentId = EngageId.New(now, partition);
            head.ContentsCount++;
            head.LastSequence++;
            head.LastContentAt = head.LastContentAt is { } last && last > content.CreatedAt ? last : content.CreatedAt;
            var previousIndexRow = head.MoveIndex(now);
            head.UpdatedAt = now;
            if (head.Title is null && content.ThreadTitle is not null) head.Title = content.ThreadTitle;
            head.NoteContent(content.AuthorId, content.Language, content.CreatedAt);

            var row = NewContentRow(content, head, contentId, replied, now);
            // A customer message joins the open intervention, or reopens the last closed one (PROTOCOL.md, "Core objects").
            var reopened = head.ActiveInterventionId is null && head.LastClosedInterventionId is not null
                ? await Threads.FindAsync<InterventionEntity>(partition, TableKeys.Join("v", head.LastClosedInterventionId), cancellationToken)
                : null;
            if (reopened is { Status: InterventionStatus.Closed })
            {
                reopened.Status = InterventionStatus.Reopened;
                reopened.ClosedAt = null;
                reopened.UpdatedAt = now;
                head.SetActive(reopened.Id, reopened.UserId);
                head.LastClosedInterventionId = null;
            }
            else
            {
                reopened = null;
            }
            row.InterventionId = head.ActiveInterventionId;
            var actions = new List<TableTransactionAction>
            {
                // The dedupe row goes first so that a duplicate is reported as this action's 409.
                new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = partition, RowKey = dedupeKey, TargetId = contentId, TargetRowKey = row.RowKey, OutboxRowKey = ThreadKeys.Outbox(eventId) }),
                new(TableTransactionActionType.Add, row),
                new(TableTransactionActionType.Add, row.WithRowKey(ThreadKeys.Descending(head.Id, row.CreatedAt, row.Sequence, contentId))),
                new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = partition, RowKey = ThreadKeys.ContentPointer(contentId), TargetId = contentId, TargetRowKey = row.RowKey }),
                new(TableTransactionActionType.Add, Imported(head, eventId, contentId, reopened, now)),
            };
            if (reopened is not null) actions.Add(new(TableTransactionActionType.UpdateReplace, reopened, reopened.ETag));
            if (isNew)
            {
                actions.Add(new(TableTransactionActionType.Add, head));
                actions.Add(new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = partition, RowKey = ThreadKeys.ThreadPointer(head.Id), TargetId = head.Id, TargetRowKey = headKey }));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, head, head.ETag));
            }

            var interventions = Interventions.InterventionIndex.Prepare(actions);
            try
            {
                await storage.SubmitAsync(StorageNames.ThreadsTable, actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex == 0)
            {
                await announcer.WithdrawAsync(receipt, CancellationToken.None);
                var original = await Threads.FindAsync<PointerEntity>(partition, dedupeKey, cancellationToken);
                var existingHead = await Threads.FindAsync<ThreadEntity>(partition, headKey, cancellationToken);
                return new AppendResult(existingHead?.Id ?? head.Id, original?.TargetId ?? string.Empty, Duplicate: true);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another content reached this thread first: read the head again and redo.
                await Task.Delay(Backoff(attempt), cancellationToken);
                continue;
            }

            await interventionIndex.AfterCommitAsync(interventions, cancellationToken);
            try
            {
                await MoveIndexAsync(head, previousIndexRow, isNew, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The content is committed and announced: the outbox dispatcher repairs the list, so the push succeeded.
                logger.LogWarning(e, "Thread {ThreadId}: list update failed after commit; the outbox dispatcher will repair it.", head.Id);
            }
            return new AppendResult(head.Id, contentId, Duplicate: false);
        }
    }

    /// <summary>
    /// Creates or retitles a thread without a content (<c>threads.create</c>). Returns the thread id.
    /// </summary>
    public async Task<string> UpsertThreadAsync(string sourceId, string foreignThreadId, string? title, string? extraDataJson, DateTimeOffset? createdAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var (partition, headKey, head) = await LocateAsync(sourceId, foreignThreadId, cancellationToken);
            var isNew = head is null;
            head ??= NewHead(partition, headKey, sourceId, foreignThreadId, title, createdAt ?? now);
            if (!isNew && head.Title == (title ?? head.Title) && head.ExtraDataJson == (extraDataJson ?? head.ExtraDataJson)) return head.Id;
            head.Title = title ?? head.Title;
            head.ExtraDataJson = extraDataJson ?? head.ExtraDataJson;
            head.UpdatedAt = now;
            head.LastContentAt ??= head.CreatedAt;
            var previousIndexRow = head.MoveIndex(now);
            var actions = isNew
                ? new List<TableTransactionAction>
                {
                    new(TableTransactionActionType.Add, head),
                    new(TableTransactionActionType.Add, new PointerEntity { PartitionKey = partition, RowKey = ThreadKeys.ThreadPointer(head.Id), TargetId = head.Id, TargetRowKey = headKey }),
                }
                : [new(TableTransactionActionType.UpdateReplace, head, head.ETag)];
            try
            {
                await storage.SubmitAsync(StorageNames.ThreadsTable, actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                continue;
            }
            await MoveIndexAsync(head, previousIndexRow, isNew, cancellationToken);
            return head.Id;
        }
    }

    /// <summary>
    /// Puts the thread's index row where its head says, with a copy of the head's searchable state, and turns the
    /// previous one into a trail row (<c>g|</c>) for cursor walks (docs/search.md). A new thread is also counted,
    /// once (its membership marker makes the count idempotent). Safe to repeat; the outbox dispatcher repeats it
    /// after a crash.
    /// </summary>
    /// <remarks>
    /// Two moves of one thread (or a move and the dispatcher's repair) can finish in either order. Each claims its
    /// new place with a claim row (<c>r|</c>) in the same transaction as the place, and a place is only ever
    /// written with its claim: a place claimed before is never written again. A move that finds its previous place
    /// not written yet claims it, so the older move, arriving late, fails on its claim and only retires its own
    /// previous place instead of bringing back a row its head has left.
    /// </remarks>
    public async Task MoveIndexAsync(ThreadEntity head, IndexPosition? previous, bool isNew, CancellationToken cancellationToken)
    {
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var row = ThreadIndexRows.Live(head);
        if (isNew)
        {
            var member = new PointerEntity { PartitionKey = head.SourceId, RowKey = ThreadKeys.Member(head.Id), TargetId = head.Id, TargetPartitionKey = head.PartitionKey, TargetRowKey = head.RowKey };
            await Counters.AddWithCountAsync(storage, StorageNames.ThreadIndexTable, index, member, cancellationToken);
        }
        var moved = previous is not null && previous.RowKey != row.RowKey;
        var claim = new TableTransactionAction(TableTransactionActionType.Add, ThreadIndexRows.Claim(head.SourceId, row.RowKey, row.LiveSince));
        var place = new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
        var trail = moved ? new TableTransactionAction(TableTransactionActionType.UpsertReplace, ThreadIndexRows.Trail(head, previous!, movedAt: row.LiveSince)) : null;
        var retire = moved ? new TableTransactionAction(TableTransactionActionType.Delete, new PointerEntity { PartitionKey = head.SourceId, RowKey = previous!.RowKey }, Azure.ETag.All) : null;
        var claimPrevious = moved ? new TableTransactionAction(TableTransactionActionType.Add, ThreadIndexRows.Claim(head.SourceId, previous!.RowKey, previous.LiveSince)) : null;
        var (claimNew, placeNew, previousGone) = (true, true, false);
        for (var attempt = 1; ; attempt++)
        {
            var actions = new List<TableTransactionAction>();
            if (claimNew) actions.Add(claim);
            if (placeNew) actions.Add(place);
            if (moved) actions.AddRange([trail!, previousGone ? claimPrevious! : retire!]);
            if (actions.Count == 0) return;
            try
            {
                await storage.SubmitAsync(StorageNames.ThreadIndexTable, actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (attempt < 6 && e.FailedTransactionActionIndex is { } failed && failed < actions.Count)
            {
                var action = actions[failed];
                if (action == claim && e.Status == 409)
                {
                    // Claimed before, and claim and place are one transaction: the place was written, by a repeat of
                    // this move or a repair, and if it is gone a newer move retired it. Only our previous place is left.
                    (claimNew, placeNew) = (false, false);
                }
                else if (action == retire && e.Status == 404)
                {
                    // The previous place is not written yet: an older move is still on its way. Claiming that place
                    // makes the older move fail on its claim, so it cannot bring the place back.
                    previousGone = true;
                }
                else if (action == claimPrevious && e.Status == 409)
                {
                    // The older move landed (or a newer one claimed it already): retire the place as usual.
                    previousGone = false;
                    moved = await index.FindAsync<ThreadIndexEntity>(head.SourceId, previous!.RowKey, cancellationToken) is not null
                        || await index.FindAsync<ThreadIndexEntity>(head.SourceId, ThreadIndexRows.TrailKey(previous.RowKey), cancellationToken) is null;
                }
                else
                {
                    throw;
                }
            }
        }
    }

    // The outbox row of a customer message; a reopen it causes is a second event of the same transaction.
    private static OutboxEntity Imported(ThreadEntity head, string eventId, string contentId, InterventionEntity? reopened, DateTimeOffset now)
    {
        var row = ThreadPartition.Outbox(head, eventId, "content.imported", "content", contentId, null, now);
        if (reopened is not null) row.FollowUpEventsJson = Events.FollowUpEvent.Serialize([new(EngageId.New(now), "intervention.reopened", "intervention", reopened.Id)]);
        return row;
    }

    /// <summary>How long after a head's change a missing list row is taken for the writer's update in flight (logged at Debug).</summary>
    public static readonly TimeSpan ListRepairQuietPeriod = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Makes sure the thread whose head is at (<paramref name="partition"/>, <paramref name="headRowKey"/>) is in its
    /// source's list where its head says (1 point read when it is; repairs it when a crash skipped the move).
    /// Aliases and missing heads are left alone. Returns the head as read (null when missing), for the caller's next step.
    /// Also refreshes the row's copy of the head's searchable state; <paramref name="changedAt"/> (an event's time)
    /// advances the row's <c>UpdatedAt</c>, so the changes feed (<c>updated_since</c>) sees changes of contents too.
    /// </summary>
    public async Task<ThreadEntity?> EnsureListedAsync(string partition, string headRowKey, CancellationToken cancellationToken, DateTimeOffset? changedAt = null)
    {
        var head = await Threads.FindAsync<ThreadEntity>(partition, headRowKey, cancellationToken);
        if (head?.IndexRowKey is null || head.IsAlias) return head;
        var index = storage.Table(StorageNames.ThreadIndexTable);
        var current = await index.FindAsync<ThreadIndexEntity>(head.SourceId, head.IndexRowKey, cancellationToken);
        if (current is null)
        {
            // Right after a change the writer's own list update is usually still on its way: only an old gap is news.
            var settled = time.GetUtcNow() - head.UpdatedAt > ListRepairQuietPeriod;
            logger.Log(settled ? LogLevel.Warning : LogLevel.Debug, "Thread {ThreadId} was missing from the thread list; repairing.", head.Id);
            await MoveIndexAsync(head, previous: null, isNew: true, cancellationToken);
            return head;
        }
        // Changes that do not move the thread (close, categories, interventions) reach its search copy here.
        // A racing refresh may have copied an older head: on 412, read both again, so the newest head wins.
        for (var attempt = 1; attempt <= 3 && head is { IsAlias: false } && current is not null && current.RowKey == head.IndexRowKey; attempt++)
        {
            var fresh = ThreadIndexRows.Live(head);
            var changed = new[] { current.UpdatedAt, fresh.UpdatedAt, changedAt ?? fresh.UpdatedAt }.Max();
            fresh.UpdatedAt = changed;
            if (ThreadIndexRows.SameSearchState(current, fresh)) break;
            try
            {
                await index.UpdateEntityAsync(fresh, current.ETag, TableUpdateMode.Replace, cancellationToken);
                break;
            }
            catch (Azure.RequestFailedException e) when (e.Status is 404 or 412)
            {
                head = await Threads.FindAsync<ThreadEntity>(partition, headRowKey, cancellationToken);
                current = head?.IndexRowKey is null ? null : await index.FindAsync<ThreadIndexEntity>(head.SourceId, head.IndexRowKey, cancellationToken);
            }
        }
        return head;
    }

    /// <summary>
    /// <see cref="EnsureListedAsync"/> for a thread known by id: one pointer read to find its head, then as there.
    /// For changes that write no event (a content ignored or categorised), so the changes feed still sees them.
    /// </summary>
    public async Task TouchAsync(string threadId, DateTimeOffset changedAt, CancellationToken cancellationToken)
    {
        if (!EngageId.IsValid(threadId)) return;
        var partition = EngageId.BucketOfId(threadId);
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.ThreadPointer(threadId), cancellationToken);
        if (pointer is not null) await EnsureListedAsync(partition, pointer.TargetRowKey, cancellationToken, changedAt);
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, Math.Min(250, 4 << Math.Min(attempt, 6)) + 1));

    private async Task<ContentEntity?> FindRepliedAsync(string partition, string sourceId, string foreignId, CancellationToken cancellationToken)
    {
        var pointer = await Threads.FindAsync<PointerEntity>(partition, ThreadKeys.Dedupe(sourceId, foreignId), cancellationToken);
        return pointer is null ? null : await Threads.FindAsync<ContentEntity>(partition, pointer.TargetRowKey, cancellationToken);
    }

    /// <summary>A new thread head (not stored): id in <paramref name="partition"/>'s bucket, no contents yet.</summary>
    public static ThreadEntity NewHead(string partition, string headKey, string sourceId, string foreignThreadId, string? title, DateTimeOffset now) => new()
    {
        PartitionKey = partition,
        RowKey = headKey,
        Id = EngageId.New(now, partition),
        SourceId = sourceId,
        ForeignId = foreignThreadId,
        Title = title,
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static ContentEntity NewContentRow(NewContent content, ThreadEntity head, string contentId, ContentEntity? replied, DateTimeOffset now)
    {
        var row = new ContentEntity
        {
            PartitionKey = head.PartitionKey,
            RowKey = ThreadKeys.Ascending(head.Id, content.CreatedAt, head.LastSequence, contentId),
            Id = contentId,
            ThreadId = head.Id,
            SourceId = content.SourceId,
            SourceType = content.SourceType,
            AuthorId = content.AuthorId,
            BodyInputFormat = content.BodyInputFormat,
            InReplyToId = replied?.Id,
            InReplyToAuthorId = replied?.AuthorId,
            PrivateMessage = content.PrivateMessage,
            ForeignId = content.ForeignId,
            ForeignCategoriesJson = System.Text.Json.JsonSerializer.Serialize(content.ForeignCategories),
            ContextDataJson = content.ContextDataJson,
            Language = content.Language,
            AttachmentsCount = content.AttachmentsCount,
            FirstInThread = head.LastSequence == 1,
            Sequence = head.LastSequence,
            CreatedAt = content.CreatedAt,
            UpdatedAt = now,
        };
        row.Body = content.Body;
        return row;
    }
}

/// <summary>Where a thread lives (see <see cref="ThreadStore.LocateAsync"/>); <paramref name="Head"/> is null when there is no thread yet.</summary>
public sealed record LocatedThread(string Partition, string HeadKey, ThreadEntity? Head);
