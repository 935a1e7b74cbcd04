using System.Collections.Concurrent;
using System.Reflection;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Engage.Application.Diagnostics;

namespace Engage.Application.Storage;

/// <summary>
/// The Table and Queue clients of the app, each with the operation-counting policy in its pipeline. Queue
/// clients encode messages in base64, as the Functions queue trigger expects (azure-notes §6, pitfall 11).
/// Every transaction goes through <see cref="SubmitAsync"/>, which checks <see cref="TableLimits"/> first.
/// </summary>
public sealed class EngageStorage
{
    private readonly TableServiceClient _tables;
    private readonly QueueServiceClient _queues;
    private readonly ConcurrentDictionary<string, TableClient> _tableClients = new();
    private readonly ConcurrentDictionary<string, QueueClient> _queueClients = new();

    /// <summary>Creates the clients from a resolved <see cref="StorageConnection"/>.</summary>
    public EngageStorage(StorageConnection connection)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(new OperationCountingPolicy(queue: false), HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(new OperationCountingPolicy(queue: true), HttpPipelinePosition.PerRetry);
        if (connection.ConnectionString is { } cs)
        {
            _tables = new TableServiceClient(cs, tableOptions);
            _queues = new QueueServiceClient(cs, queueOptions);
        }
        else
        {
            _tables = new TableServiceClient(connection.TableServiceUri!, connection.Credential!, tableOptions);
            _queues = new QueueServiceClient(connection.QueueServiceUri!, connection.Credential!, queueOptions);
        }
    }

    /// <summary>The client of one table (see <see cref="StorageNames"/>).</summary>
    public TableClient Table(string name) => _tableClients.GetOrAdd(name, _tables.GetTableClient);

    /// <summary>The client of one queue (base64 messages).</summary>
    public QueueClient Queue(string name) => _queueClients.GetOrAdd(name, _queues.GetQueueClient);

    /// <summary>Creates every table and queue if missing. Used by the bootstrap on Azurite; Bicep creates them in Azure.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.Tables) await Table(table).CreateIfNotExistsAsync(cancellationToken);
        foreach (var queue in StorageNames.Queues) await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Submits an entity group transaction after checking <see cref="TableLimits"/>, and sets each written
    /// entity's new ETag on it. Throws <see cref="TableTransactionFailedException"/> as the SDK does.
    /// </summary>
    public async Task SubmitAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions) TableLimits.CheckEntity(action.Entity, PropertiesOf(action.Entity));
        TableLimits.CheckTransaction(actions, EstimateBytes);
        var responses = (await Table(table).SubmitTransactionAsync(actions, cancellationToken)).Value;
        for (var i = 0; i < actions.Count && i < responses.Count; i++)
        {
            if (actions[i].ActionType != TableTransactionActionType.Delete && responses[i].Headers.ETag is { } etag) actions[i].Entity.ETag = etag;
        }
    }

    /// <summary>
    /// <see cref="SubmitAsync"/>, answering false instead of throwing when a precondition failed (412: an ETag moved)
    /// or an Add found its row (409): the caller rereads and decides again.
    /// </summary>
    public async Task<bool> TrySubmitAsync(string table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(table, actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>The stored properties of a POCO entity or a <see cref="TableEntity"/>.</summary>
    public static IReadOnlyDictionary<string, object?> PropertiesOf(ITableEntity entity)
    {
        if (entity is TableEntity dictionary) return dictionary.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")).ToDictionary(p => p.Key, p => (object?)p.Value);
        var result = new Dictionary<string, object?>();
        foreach (var property in PocoProperties(entity.GetType())) result[property.Name] = property.GetValue(entity);
        return result;
    }

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PocoCache = new();

    private static PropertyInfo[] PocoProperties(Type type) => PocoCache.GetOrAdd(type, t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.Name is not (nameof(ITableEntity.PartitionKey) or nameof(ITableEntity.RowKey) or nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
        .Where(p => p.GetCustomAttribute<System.Runtime.Serialization.IgnoreDataMemberAttribute>() is null)
        .ToArray());

    private static long EstimateBytes(ITableEntity entity)
    {
        long bytes = 256 + (entity.PartitionKey.Length + entity.RowKey.Length) * 2L;
        foreach (var (name, value) in PropertiesOf(entity))
        {
            bytes += name.Length * 2L + value switch { string s => s.Length * 2L, byte[] b => b.Length, _ => 16 };
        }
        return bytes;
    }
}
