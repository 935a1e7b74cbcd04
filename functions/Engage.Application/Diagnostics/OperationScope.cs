namespace Engage.Application.Diagnostics;

/// <summary>
/// Counts the storage operations of one function invocation (an HTTP request or a queue message). Started by
/// the host adapter around each invocation; filled by <see cref="OperationCountingPolicy"/>, which sits in every
/// Table and Queue client pipeline. The counts flow with the async context, so concurrent invocations never mix.
/// </summary>
public sealed class OperationScope
{
    private static readonly AsyncLocal<OperationScope?> CurrentScope = new();
    private int _tableReads;
    private int _tableQueries;
    private int _tableWrites;
    private int _queueOperations;

    private OperationScope(string name) => Name = name;

    /// <summary>The scope of the running invocation, or null outside one.</summary>
    public static OperationScope? Current => CurrentScope.Value;

    /// <summary>The function or operation this scope counts.</summary>
    public string Name { get; }

    /// <summary>Point reads (a GET of one entity by PartitionKey and RowKey).</summary>
    public int TableReads => _tableReads;

    /// <summary>Queries (a GET with a filter; each page is one).</summary>
    public int TableQueries => _tableQueries;

    /// <summary>Write transactions: one per insert, update, delete or entity group transaction.</summary>
    public int TableWrites => _tableWrites;

    /// <summary>Queue operations: send, receive, update, delete, create.</summary>
    public int QueueOperations => _queueOperations;

    /// <summary>Starts a scope for the current async flow; dispose it to restore the previous one.</summary>
    public static IDisposable Begin(string name)
    {
        var previous = CurrentScope.Value;
        var scope = new OperationScope(name);
        CurrentScope.Value = scope;
        return new Restore(scope, previous);
    }

    internal void Count(StorageOperationKind kind)
    {
        switch (kind)
        {
            case StorageOperationKind.TableRead: Interlocked.Increment(ref _tableReads); break;
            case StorageOperationKind.TableQuery: Interlocked.Increment(ref _tableQueries); break;
            case StorageOperationKind.TableWrite: Interlocked.Increment(ref _tableWrites); break;
            case StorageOperationKind.QueueOperation: Interlocked.Increment(ref _queueOperations); break;
        }
    }

    /// <summary>The counts as <c>reads=R;queries=Q;writes=W;queue=N</c>, the value of the <c>X-Engage-Operations</c> header.</summary>
    public override string ToString() => $"reads={TableReads};queries={TableQueries};writes={TableWrites};queue={QueueOperations}";

    private sealed class Restore(OperationScope scope, OperationScope? previous) : IDisposable
    {
        public void Dispose()
        {
            if (CurrentScope.Value == scope) CurrentScope.Value = previous;
        }
    }
}

/// <summary>What a storage request counts as.</summary>
public enum StorageOperationKind
{
    /// <summary>A point read.</summary>
    TableRead,
    /// <summary>A query page.</summary>
    TableQuery,
    /// <summary>A write transaction.</summary>
    TableWrite,
    /// <summary>A queue operation.</summary>
    QueueOperation,
}
