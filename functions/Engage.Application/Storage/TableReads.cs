using Azure;
using Azure.Data.Tables;

namespace Engage.Application.Storage;

/// <summary>Read helpers over <see cref="TableClient"/> that answer null for a missing entity and stop at a bound.</summary>
public static class TableReads
{
    /// <summary>Point read; null when the entity does not exist.</summary>
    public static async Task<T?> FindAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The first <paramref name="take"/> rows of <paramref name="partitionKey"/> whose RowKey starts with
    /// <paramref name="prefix"/>, in key order, and greater than <paramref name="after"/> when given (a keyset cursor's
    /// row key); reads only the pages needed.
    /// </summary>
    public static async Task<List<T>> RangeAsync<T>(this TableClient table, string partitionKey, string prefix, int take, CancellationToken cancellationToken, string? after = null)
        where T : class, ITableEntity
    {
        var result = new List<T>(Math.Min(take, 1000));
        if (take <= 0) return result;
        var filter = after is not null && string.CompareOrdinal(after, prefix) >= 0
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey gt {after} and RowKey lt {TableKeys.PrefixEnd(prefix)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {TableKeys.PrefixEnd(prefix)}");
        await foreach (var page in table.QueryAsync<T>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).AsPages())
        {
            foreach (var row in page.Values)
            {
                result.Add(row);
                if (result.Count == take) return result;
            }
        }
        return result;
    }

    /// <summary>Every row of a small table (sources, users, roles), for lists and look-ups by a non-key field.</summary>
    public static async Task<List<T>> AllAsync<T>(this TableClient table, string? filter, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var result = new List<T>();
        await foreach (var row in table.QueryAsync<T>(filter, cancellationToken: cancellationToken)) result.Add(row);
        return result;
    }

    /// <summary>True when a write failed because of its precondition (412) or a conflicting insert (409).</summary>
    public static bool IsConflict(this RequestFailedException e) => e.Status is 409 or 412;
}
