using System.Diagnostics;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>Records what the sample functions saw; registered as a singleton in each sample runner.</summary>
public sealed class Probe
{
    private readonly List<ProbeCall> _calls = [];
    private readonly List<string> _wrapped = [];

    /// <summary>Records a call.</summary>
    public void Record(ProbeCall call)
    {
        lock (_calls) _calls.Add(call);
    }

    /// <summary>Records that the invocation wrapper ran for <paramref name="function"/>.</summary>
    public void Wrapped(string function)
    {
        lock (_wrapped) _wrapped.Add(function);
    }

    /// <summary>Calls of <paramref name="function"/> so far.</summary>
    public IReadOnlyList<ProbeCall> Calls(string function)
    {
        lock (_calls) return _calls.Where(c => c.Function == function).ToList();
    }

    /// <summary>Functions the wrapper ran for, in order.</summary>
    public IReadOnlyList<string> WrappedFunctions()
    {
        lock (_wrapped) return _wrapped.ToList();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }

    /// <summary>Synchronous-condition overload of <see cref="EventuallyAsync(Func{Task{bool}}, TimeSpan)"/>.</summary>
    public static Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout) => EventuallyAsync(() => Task.FromResult(condition()), timeout);
}
