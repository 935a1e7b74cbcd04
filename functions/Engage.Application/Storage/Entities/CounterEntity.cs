namespace Engage.Application.Storage.Entities;

/// <summary>A count kept beside an index (RowKey <c>~count</c>), updated with its ETag in the index's transactions.</summary>
public sealed class CounterEntity : EntityBase
{
    /// <summary>RowKey of every counter.</summary>
    public const string CounterRowKey = "~count";
    /// <summary>The count.</summary>
    public long Count { get; set; }
}
