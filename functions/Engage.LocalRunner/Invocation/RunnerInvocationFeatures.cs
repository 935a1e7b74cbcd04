using System.Collections;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>A plain feature collection; the runner itself sets no features.</summary>
internal sealed class RunnerInvocationFeatures : IInvocationFeatures
{
    private readonly Dictionary<Type, object> _features = [];

    /// <inheritdoc />
    public T? Get<T>() => _features.TryGetValue(typeof(T), out var value) ? (T)value : default;

    /// <inheritdoc />
    public void Set<T>(T instance)
    {
        if (instance is null) _features.Remove(typeof(T));
        else _features[typeof(T)] = instance;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
