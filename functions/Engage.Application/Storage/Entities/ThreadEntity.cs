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
    /// <summary>The intervention open (or closing) on this thread, if any.</summary>
    public string? ActiveInterventionId { get; set; }
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

    /// <summary>True when this row is an alias, not a head.</summary>
    [IgnoreDataMember]
    public bool IsAlias => AliasRowKey is not null;
}
