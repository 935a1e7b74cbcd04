using System.Collections.Concurrent;

namespace Engage.LocalRunner.Queues;

/// <summary>The runner's <see cref="IQueueWakeup"/>: listeners register a signal per queue name.</summary>
internal sealed class QueueWakeup : IQueueWakeup
{
    private readonly ConcurrentDictionary<string, List<WakeSignal>> _signals = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Wake(string queueName)
    {
        if (!_signals.TryGetValue(queueName, out var signals)) return;
        lock (signals)
        {
            foreach (var signal in signals) signal.Set();
        }
    }

    /// <summary>Registers a listener of <paramref name="queueName"/> and returns its signal.</summary>
    public WakeSignal Register(string queueName)
    {
        var signal = new WakeSignal();
        var signals = _signals.GetOrAdd(queueName, _ => []);
        lock (signals) signals.Add(signal);
        return signal;
    }
}
