using Azure;
using Azure.Data.Tables;

namespace Engage.Application.Storage.Entities;

/// <summary>Keys, timestamp and ETag shared by every stored entity.</summary>
public abstract class EntityBase : ITableEntity
{
    /// <inheritdoc />
    public string PartitionKey { get; set; } = string.Empty;
    /// <inheritdoc />
    public string RowKey { get; set; } = string.Empty;
    /// <inheritdoc />
    public DateTimeOffset? Timestamp { get; set; }
    /// <inheritdoc />
    public ETag ETag { get; set; }
}
