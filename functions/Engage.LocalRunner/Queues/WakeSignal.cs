namespace Engage.LocalRunner.Queues;

/// <summary>One listener's wake-up flag: a wait ends early when the flag is set, and a set flag is consumed by the next wait.</summary>
internal sealed class WakeSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _source = NewSource();

    /// <summary>Sets the flag.</summary>
    public void Set()
    {
        lock (_lock) _source.TrySetResult();
    }

    /// <summary>Waits for <paramref name="delay"/> or until the flag is set (at once if it already is); clears the flag.</summary>
    public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        TaskCompletionSource current;
        lock (_lock)
        {
            current = _source;
            if (current.Task.IsCompleted)
            {
                _source = NewSource();
                return;
            }
        }
        using (var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(Task.Delay(delay, delayCancellation.Token), current.Task);
            delayCancellation.Cancel();
        }
        lock (_lock)
        {
            if (_source == current && current.Task.IsCompleted) _source = NewSource();
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
