using System.Runtime.Serialization;

namespace Engage.Application.Storage.Entities;

/// <summary>
/// A thread's state (its "head"). Table <c>Threads</c>, PartitionKey = bucket of (source id, foreign thread id),
/// RowKey = <c>h|{source id}|{escaped foreign id}</c>. Every content write updates it with its ETag.
/// A row at a head key can instead be an alias (<see cref="IsAlias"/>): the bridge's id for a thread we started
/// under a placeholder id, pointing at the real head (docs/table-design.md, "Threads we start").
/// </summary>
public sealed class ThreadEntity : EntityBase
{
    /// <summary>24-hex id; characters 8..16 are the bucket.</summary>
    public string Id { get; set; } = string.Empty;
    /// <summary>Source id.</summary>
    public string SourceId { get; set; } = string.Empty;
    /// <summary>Thread id on the third-party platform.</summary>
    public string ForeignId { get; set; } = string.Empty;
    /// <summary>Title.</summary>
    public string? Title { get; set; }
    /// <summary>Closed flag.</summary>
    public bool Closed { get; set; }
    /// <summary>Category ids, JSON array.</summary>
    public string CategoryIdsJson { get; set; } = "[]";
    /// <summary>Thread category ids, JSON array.</summary>
    public string ThreadCategoryIdsJson { get; set; } = "[]";
    /// <summary>Extra data, JSON object or null.</summary>
    public string? ExtraDataJson { get; set; }
    /// <summary>Custom field values (ours: custom fields of <c>Thread</c>), JSON object by key, or null when none.</summary>
    public string? CustomFieldsJson { get; set; }
    /// <summary>Number of interventions.</summary>
    public int InterventionsCount { get; set; }
    /// <summary>Number of contents.</summary>
    public int ContentsCount { get; set; }
    /// <summary>Sequence number of the newest content (every content gets the next one).</summary>
    public long LastSequence { get; set; }
    /// <summary>Creation time of the newest content, which orders the thread list.</summary>
    public DateTimeOffset? LastContentAt { get; set; }
    /// <summary>RowKey of this thread's current row in <c>ThreadIndex</c>.</summary>
    public string? IndexRowKey { get; set; }
    /// <summary>When the thread moved to <see cref="IndexRowKey"/> (UTC): the row's <c>LiveSince</c>, for cursor walks.</summary>
    public DateTimeOffset? IndexLiveSince { get; set; }
    /// <summary>The intervention open (or closing) on this thread, if any.</summary>
    public string? ActiveInterventionId { get; set; }
    /// <summary>User of <see cref="ActiveInterventionId"/>, kept with it (<see cref="SetActive"/>) so that search needs no intervention read.</summary>
    public string? ActiveUserId { get; set; }
    /// <summary>Identities that wrote in the thread, space-separated, at most <see cref="MaxAuthors"/> (search by <c>identity:</c>).</summary>
    public string AuthorIds { get; set; } = string.Empty;
    /// <summary>Language of the first content that gave one (search by <c>language:</c>).</summary>
    public string? Language { get; set; }
    /// <summary>Creation time of the first content, null until one arrives (search by <c>first_content_*</c>).</summary>
    public DateTimeOffset? FirstContentAt { get; set; }
    /// <summary>Who holds control after a bot handover: <c>bot</c>, <c>agent</c>, or null (nobody handed over).</summary>
    public string? Controller { get; set; }
    /// <summary>The last intervention closed on this thread: a new customer message reopens it.</summary>
    public string? LastClosedInterventionId { get; set; }
    /// <summary>Creation time (UTC).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>For an alias row: the PartitionKey of the real head.</summary>
    public string? AliasPartitionKey { get; set; }
    /// <summary>For an alias row: the RowKey of the real head.</summary>
    public string? AliasRowKey { get; set; }
    /// <summary>For an alias row that replaced a thread created by a racing push: that thread's id (its contents were moved).</summary>
    public string? MergedThreadId { get; set; }
    /// <summary>For an alias row with <see cref="MergedThreadId"/>: that thread's row in <c>ThreadIndex</c>, to remove.</summary>
    public string? MergedIndexRowKey { get; set; }

    /// <summary>How many authors <see cref="AuthorIds"/> keeps: a thread's customer and a few agents; beyond, <c>identity:</c> misses later ones.</summary>
    public const int MaxAuthors = 20;

    /// <summary>Records a content's searchable facts: its author, language and creation time.</summary>
    public void NoteContent(string authorId, string? language, DateTimeOffset createdAt)
    {
        var authors = AuthorIdList();
        if (authorId.Length > 0 && !authors.Contains(authorId) && authors.Count < MaxAuthors)
        {
            AuthorIds = AuthorIds.Length == 0 ? authorId : AuthorIds + " " + authorId;
        }
        if (Language is null && !string.IsNullOrEmpty(language)) Language = language;
        if (FirstContentAt is null || createdAt < FirstContentAt) FirstContentAt = createdAt;
    }

    /// <summary>Sets the active intervention and its user together (null, null when none is active).</summary>
    public void SetActive(string? interventionId, string? userId)
    {
        ActiveInterventionId = interventionId;
        ActiveUserId = interventionId is null ? null : userId;
    }

    /// <summary>
    /// Puts the thread at its place in the list for <see cref="LastContentAt"/> (which must be set) as of
    /// <paramref name="now"/>. Returns where it was before (null for a thread never listed), for
    /// <c>ThreadStore.MoveIndexAsync</c>.
    /// </summary>
    public IndexPosition? MoveIndex(DateTimeOffset now)
    {
        var previous = IndexRowKey is null ? null : new IndexPosition(IndexRowKey, IndexLiveSince ?? CreatedAt);
        var key = Threads.ThreadKeys.IndexRow(LastContentAt!.Value, Id);
        if (key == IndexRowKey) return previous;
        IndexRowKey = key;
        // Strictly after the previous place's start, even when a retried write carries an older clock reading:
        // cursor walks rely on each place's time range following the last (docs/search.md, "Cursors").
        IndexLiveSince = previous is not null && previous.LiveSince >= now ? previous.LiveSince.AddTicks(1) : now;
        return previous;
    }

    /// <summary><see cref="AuthorIds"/> as a list.</summary>
    public IReadOnlyList<string> AuthorIdList() => AuthorIds.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when this row is an alias, not a head.</summary>
    [IgnoreDataMember]
    public bool IsAlias => AliasRowKey is not null;
}
