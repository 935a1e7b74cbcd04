namespace Engage.Application.Storage.Entities;

/// <summary>
/// An immutable row that points at another row of the same partition or at a row elsewhere: id lookups
/// (<c>i|{id}</c>, <c>t|{id}</c>, <c>k|{id}</c>), foreign-id dedupe (<c>f|...</c>) and index rows.
/// </summary>
public sealed class PointerEntity : EntityBase
{
    /// <summary>The id of the object pointed at.</summary>
    public string TargetId { get; set; } = string.Empty;
    /// <summary>PartitionKey of the row pointed at (when in another partition).</summary>
    public string? TargetPartitionKey { get; set; }
    /// <summary>RowKey of the row pointed at.</summary>
    public string TargetRowKey { get; set; } = string.Empty;
    /// <summary>For a dedupe row: the outbox row written in the same transaction, so a refused duplicate's announcement can be recognised.</summary>
    public string? OutboxRowKey { get; set; }
}
