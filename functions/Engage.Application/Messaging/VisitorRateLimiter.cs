using System.Collections.Concurrent;
using Engage.Domain.Api;
using Engage.Domain.Messaging;

namespace Engage.Application.Messaging;

/// <summary>
/// Fixed one-minute windows for the public visitor API: messages per visitor and requests per IP address
/// (<see cref="MessagingRules"/>). Counted in memory per instance: the visitor API has no access token to hang a
/// shared counter on, and a flood is cut at each instance at the cost of no storage call.
/// </summary>
public sealed class VisitorRateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one message of a visitor.</summary>
    /// <exception cref="EngageException">429 <c>rate_limit_exceeded</c> over <see cref="MessagingRules.MessagesPerVisitor"/> a minute.</exception>
    public void CountMessage(string sourceId, string visitorId) =>
        Count("v|" + sourceId + "|" + visitorId, MessagingRules.MessagesPerVisitor, "messages from this visitor");

    /// <summary>Counts one request from an IP address.</summary>
    /// <exception cref="EngageException">429 <c>rate_limit_exceeded</c> over <see cref="MessagingRules.RequestsPerIp"/> a minute.</exception>
    public void CountRequest(string ip) => Count("i|" + ip, MessagingRules.RequestsPerIp, "requests from this address");

    private void Count(string key, int limit, string what)
    {
        var now = time.GetUtcNow();
        var start = now.UtcTicks - now.UtcTicks % MessagingRules.RateWindow.Ticks;
        var admitted = false;
        _windows.AddOrUpdate(key,
            _ => { admitted = true; return new Window(start, 1); },
            (_, w) =>
            {
                if (w.Start != start) { admitted = true; return new Window(start, 1); }
                admitted = w.Count < limit;
                return admitted ? w with { Count = w.Count + 1 } : w;
            });
        if (_windows.Count > 100_000) Prune(start);
        if (!admitted)
        {
            var retry = (int)Math.Ceiling(TimeSpan.FromTicks(start + MessagingRules.RateWindow.Ticks - now.UtcTicks).TotalSeconds);
            throw EngageException.TooMany($"Too many {what}: at most {limit} a minute; retry in {retry} s.");
        }
    }

    private void Prune(long currentStart)
    {
        foreach (var (key, window) in _windows)
        {
            if (window.Start != currentStart) _windows.TryRemove(key, out _);
        }
    }

    private sealed record Window(long Start, int Count);
}
