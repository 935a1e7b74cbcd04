using System.Collections.Concurrent;

namespace Engage.Application.Ingest;

/// <summary>
/// Allows one <c>typing.start</c> per (source, thread) every 2 seconds (PROTOCOL.md, "Send API": 429 beyond).
/// Kept in process memory: typing notices are ephemeral, so the limit is per instance.
/// </summary>
public sealed class TypingLimiter(TimeProvider time)
{
    /// <summary>The window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _last = new();

    /// <summary>True when a typing.start is allowed now, and records it.</summary>
    public bool TryStart(string sourceId, string threadId)
    {
        var now = time.GetUtcNow();
        var key = (sourceId, threadId);
        while (true)
        {
            if (!_last.TryGetValue(key, out var last))
            {
                if (_last.TryAdd(key, now)) return true;
                continue;
            }
            if (now - last < Window) return false;
            if (_last.TryUpdate(key, now, last))
            {
                if (_last.Count > 10_000) Prune(now);
                return true;
            }
        }
    }

    /// <summary>Forgets the last start of (<paramref name="sourceId"/>, <paramref name="threadId"/>), so the next one is allowed at once (after a stop).</summary>
    public void Forget(string sourceId, string threadId) => _last.TryRemove((sourceId, threadId), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, at) in _last)
        {
            if (now - at >= Window) _last.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, at));
        }
    }
}
