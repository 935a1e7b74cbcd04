namespace Engage.Application.Storage.Entities;

/// <summary>
/// A thread's row in <c>ThreadIndex</c> (PartitionKey = source id). A live row (<c>a|{inverted last content
/// ticks}|{thread id}</c>) is where the thread sits in the list; it points at the head like a
/// <see cref="PointerEntity"/> and carries a copy of the head's searchable state, so <c>q</c> filters without
/// reading heads. When the thread moves, its old row is kept as a trail row (<c>g|...</c>, same key after the
/// prefix) with <see cref="MovedAt"/>, so a cursor walk started before the move still finds the thread where it
/// was (docs/search.md, "Cursors").
/// </summary>
public sealed class ThreadIndexEntity : EntityBase
{
    /// <summary>Thread id.</summary>
    public string TargetId { get; set; } = string.Empty;
    /// <summary>PartitionKey of the head.</summary>
    public string? TargetPartitionKey { get; set; }
    /// <summary>RowKey of the head.</summary>
    public string TargetRowKey { get; set; } = string.Empty;
    /// <summary>Foreign thread id.</summary>
    public string ForeignId { get; set; } = string.Empty;
    /// <summary>Title, or null.</summary>
    public string? Title { get; set; }
    /// <summary>Closed flag.</summary>
    public bool Closed { get; set; }
    /// <summary>The thread's <c>category_ids</c>, space-separated.</summary>
    public string CategoryIds { get; set; } = string.Empty;
    /// <summary>Authors, space-separated (the head's <c>AuthorIds</c>).</summary>
    public string AuthorIds { get; set; } = string.Empty;
    /// <summary>User of the active intervention, or null.</summary>
    public string? ActiveUserId { get; set; }
    /// <summary>Language, or null.</summary>
    public string? Language { get; set; }
    /// <summary>First content time, or null.</summary>
    public DateTimeOffset? FirstContentAt { get; set; }
    /// <summary>Last content time, or null.</summary>
    public DateTimeOffset? LastContentAt { get; set; }
    /// <summary>The head's <c>updated_at</c> when copied (the changes feed filters on it).</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When this row became the thread's live row.</summary>
    public DateTimeOffset LiveSince { get; set; }
    /// <summary>For a trail row: when the thread left it. Null on a live row.</summary>
    public DateTimeOffset? MovedAt { get; set; }

}
