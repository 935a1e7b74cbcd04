using Azure.Data.Tables;

namespace Engage.Application.Storage;

/// <summary>
/// The Table service limits that Azurite does not enforce (azure-notes §4.1, toolchain notes): an entity group
/// transaction holds at most 100 operations on one PartitionKey, each entity at most once, under 4 MiB; an
/// entity has at most 252 custom properties, strings of at most 32,768 UTF-16 characters, and keys of at most
/// 1 KiB without <c>/ \ # ?</c> or control characters. Checked before every write so that what passes on
/// Azurite also passes on Azure.
/// </summary>
public static class TableLimits
{
    /// <summary>Operations in one transaction.</summary>
    public const int MaxTransactionOperations = 100;
    /// <summary>Custom properties on one entity (255 less PartitionKey, RowKey and Timestamp).</summary>
    public const int MaxProperties = 252;
    /// <summary>UTF-16 characters in one string property (64 KiB).</summary>
    public const int MaxStringLength = 32_768;
    /// <summary>Characters in a key (1 KiB of UTF-16 is 512 characters).</summary>
    public const int MaxKeyLength = 512;
    /// <summary>Approximate payload of one transaction, in bytes.</summary>
    public const long MaxTransactionBytes = 4L * 1024 * 1024;

    /// <summary>Checks one entity.</summary>
    /// <exception cref="TableLimitException">A limit is exceeded; the message names it.</exception>
    public static void CheckEntity(ITableEntity entity, IReadOnlyDictionary<string, object?> properties)
    {
        CheckKey("PartitionKey", entity.PartitionKey);
        CheckKey("RowKey", entity.RowKey);
        if (properties.Count > MaxProperties)
        {
            throw new TableLimitException($"Entity {entity.RowKey} has {properties.Count} properties; the limit is {MaxProperties}.");
        }
        foreach (var (name, value) in properties)
        {
            if (value is string s && s.Length > MaxStringLength)
            {
                throw new TableLimitException($"Property {name} of {entity.RowKey} has {s.Length} characters; the limit is {MaxStringLength}.");
            }
        }
    }

    /// <summary>Checks a transaction's shape: count, one partition, distinct rows, estimated size.</summary>
    /// <exception cref="TableLimitException">A limit is exceeded; the message names it.</exception>
    public static void CheckTransaction(IReadOnlyList<TableTransactionAction> actions, Func<ITableEntity, long> estimateBytes)
    {
        if (actions.Count == 0) throw new TableLimitException("A transaction needs at least one operation.");
        if (actions.Count > MaxTransactionOperations)
        {
            throw new TableLimitException($"A transaction has {actions.Count} operations; the limit is {MaxTransactionOperations}.");
        }
        var partition = actions[0].Entity.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var action in actions)
        {
            if (!string.Equals(action.Entity.PartitionKey, partition, StringComparison.Ordinal))
            {
                throw new TableLimitException($"A transaction spans partitions '{partition}' and '{action.Entity.PartitionKey}'.");
            }
            if (!rows.Add(action.Entity.RowKey))
            {
                throw new TableLimitException($"A transaction names row '{action.Entity.RowKey}' twice.");
            }
            bytes += estimateBytes(action.Entity);
        }
        if (bytes > MaxTransactionBytes)
        {
            throw new TableLimitException($"A transaction carries about {bytes} bytes; the limit is {MaxTransactionBytes}.");
        }
    }

    /// <summary>Checks a key's length and characters.</summary>
    public static void CheckKey(string name, string? key)
    {
        if (key is null) throw new TableLimitException($"{name} is null.");
        if (key.Length > MaxKeyLength) throw new TableLimitException($"{name} has {key.Length} characters; the limit is {MaxKeyLength}.");
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                throw new TableLimitException($"{name} '{key}' holds a character the Table service refuses.");
            }
        }
    }
}

/// <summary>A write that the Table service would refuse, caught before it is sent.</summary>
public sealed class TableLimitException(string message) : InvalidOperationException(message);
