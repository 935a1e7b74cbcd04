using System.Collections.Concurrent;
using System.Diagnostics;
using Engage.Application.Diagnostics;
using Engage.Functions.Hosting;
using Engage.LocalRunner.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.Benchmarks.Flow;

/// <summary>What one function did over a period: invocations, their storage operations and their run time.</summary>
public sealed record FunctionTally(string Function, long Invocations, long Reads, long Queries, long Writes, long QueueOperations, double Seconds)
{
    /// <summary>This tally minus <paramref name="before"/> (same function).</summary>
    public FunctionTally Minus(FunctionTally? before) => before is null ? this : this with
    {
        Invocations = Invocations - before.Invocations, Reads = Reads - before.Reads, Queries = Queries - before.Queries,
        Writes = Writes - before.Writes, QueueOperations = QueueOperations - before.QueueOperations, Seconds = Seconds - before.Seconds,
    };
}

/// <summary>
/// The benchmark's diagnostics hook: an <see cref="InvocationWrapper"/> around the app's own
/// <see cref="InvocationScope"/>, so every invocation in the process (HTTP request, queue message, timer tick) adds
/// the counts of its <see cref="OperationScope"/> (the same counts as <c>X-Engage-Operations</c>, filled by the
/// app's <see cref="OperationCountingPolicy"/>) and its wall time to its function's tally. Storage calls made by
/// the runner itself (queue polling, receive, delete, lease renewal) are outside every scope and are not counted.
/// </summary>
public sealed class InvocationLedger
{
    private readonly ConcurrentDictionary<string, Counters> _functions = new(StringComparer.Ordinal);
    private int _inFlight;

    /// <summary>Invocations running now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The wrapper to give the runner in place of <see cref="InvocationScope.RunAsync"/>.</summary>
    public Task WrapAsync(string functionName, ILogger logger, Func<Task> body) =>
        InvocationScope.RunAsync(functionName, logger, async () =>
        {
            Interlocked.Increment(ref _inFlight);
            var started = Stopwatch.GetTimestamp();
            try
            {
                await body();
            }
            finally
            {
                // Read inside the scope: the counts include everything the invocation did, after its answer too.
                _functions.GetOrAdd(functionName, _ => new Counters()).Add(OperationScope.Current, Stopwatch.GetElapsedTime(started));
                Interlocked.Decrement(ref _inFlight);
            }
        });

    /// <summary>The tallies so far, by function name.</summary>
    public IReadOnlyDictionary<string, FunctionTally> Snapshot() =>
        _functions.ToDictionary(p => p.Key, p => p.Value.Tally(p.Key), StringComparer.Ordinal);

    /// <summary>What happened between two snapshots, functions without invocations left out.</summary>
    public static IReadOnlyList<FunctionTally> Between(IReadOnlyDictionary<string, FunctionTally> before, IReadOnlyDictionary<string, FunctionTally> after) =>
        after.Values.Select(a => a.Minus(before.GetValueOrDefault(a.Function))).Where(t => t.Invocations > 0).OrderBy(t => t.Function, StringComparer.Ordinal).ToList();

    private sealed class Counters
    {
        private long _invocations, _reads, _queries, _writes, _queue, _ticks;

        public void Add(OperationScope? scope, TimeSpan elapsed)
        {
            Interlocked.Increment(ref _invocations);
            Interlocked.Add(ref _ticks, elapsed.Ticks);
            if (scope is null) return;
            Interlocked.Add(ref _reads, scope.TableReads);
            Interlocked.Add(ref _queries, scope.TableQueries);
            Interlocked.Add(ref _writes, scope.TableWrites);
            Interlocked.Add(ref _queue, scope.QueueOperations);
        }

        public FunctionTally Tally(string name) => new(name, Interlocked.Read(ref _invocations), Interlocked.Read(ref _reads), Interlocked.Read(ref _queries),
            Interlocked.Read(ref _writes), Interlocked.Read(ref _queue), TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalSeconds);
    }
}
