using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Limits;
using Microsoft.Extensions.Options;

namespace Engage.Application.Limits;

/// <summary>The answer of <see cref="RateLimiter.AcquireAsync"/>.</summary>
/// <param name="Allowed">False: answer 429 <c>rate_limit_exceeded</c> with <c>Retry-After</c>.</param>
/// <param name="Headers">The <c>RateLimit-*</c> values for the answer.</param>
public readonly record struct RateLimitDecision(bool Allowed, RateLimitHeaders Headers);

/// <summary>
/// Counts requests per access token in fixed one-minute windows shared by every instance (PROTOCOL.md: 429 above
/// 500 a minute). The count is one row per token in <c>RateLimits</c>, replaced under its ETag, so an admitted request
/// is always counted in storage before it runs and the (limit + 1)th request of a window is refused whatever
/// instance it reaches. Within one instance, requests of one token that arrive while a write is in flight are
/// admitted together by the next write (group commit), so a burst costs one write per round trip, not per request.
/// Cost per request: at most one conditional write (none for a refusal once this instance has seen the window
/// full); a point read only on an instance's first request for the token or after another instance moved the ETag.
/// </summary>
public sealed class RateLimiter(EngageStorage storage, TimeProvider time, IOptions<RateLimitOptions> options)
{
    private const int MaxAttempts = 20;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Requests allowed per token per minute (zero or less: no limit).</summary>
    public int Limit => options.Value.PerMinute;

    /// <summary>Admits or refuses one request of the token whose SHA-256 hex is <paramref name="tokenHash"/>.</summary>
    /// <exception cref="EngageException">503 <c>rate_limiter_busy</c> when the counter keeps moving under this instance (many instances racing for one token).</exception>
    public async Task<RateLimitDecision?> AcquireAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var limit = Limit;
        if (limit <= 0) return null;
        var slot = _slots.GetOrAdd(tokenHash, _ => new Slot());
        var waiter = new TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (slot)
        {
            var now = time.GetUtcNow();
            // A window's count only grows, so a full window seen here refuses with no storage call.
            if (RateLimitRules.KnownExhausted(slot.Seen, now, limit))
            {
                var seen = slot.Seen!.Value;
                return new RateLimitDecision(false, RateLimitRules.Headers(limit, seen.Minute, seen.Count, now));
            }
            slot.Waiting.Add(waiter);
            lead = !slot.Flushing;
            slot.Flushing = true;
        }
        if (lead) _ = Task.Run(() => FlushAsync(tokenHash, slot, limit), CancellationToken.None);
        if (_slots.Count > 10_000) Prune();
        return await waiter.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync(string tokenHash, Slot slot, int limit)
    {
        while (true)
        {
            List<TaskCompletionSource<RateLimitDecision>> batch;
            lock (slot)
            {
                if (slot.Waiting.Count == 0)
                {
                    slot.Flushing = false;
                    return;
                }
                batch = slot.Waiting;
                slot.Waiting = [];
            }
            try
            {
                var (before, admitted) = await CommitAsync(tokenHash, slot, limit, batch.Count);
                var now = time.GetUtcNow();
                for (var i = 0; i < batch.Count; i++)
                {
                    var allowed = i < admitted;
                    var countAfter = allowed ? before.Count + i + 1 : before.Count + admitted;
                    batch[i].TrySetResult(new RateLimitDecision(allowed, RateLimitRules.Headers(limit, before.Minute, countAfter, now)));
                }
            }
            catch (Exception e)
            {
                foreach (var waiter in batch) waiter.TrySetException(e);
            }
        }
    }

    /// <summary>Counts up to <paramref name="requested"/> requests in storage; answers the window before them and how many fit.</summary>
    private async Task<(RateWindow Before, int Admitted)> CommitAsync(string tokenHash, Slot slot, int limit, int requested)
    {
        var table = storage.Table(StorageNames.RateLimitsTable);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (!slot.Loaded)
            {
                var row = await table.FindAsync<RateLimitEntity>(tokenHash, string.Empty, CancellationToken.None);
                slot.Remember(row is null ? null : new RateWindow(row.Minute, row.Count), row?.ETag);
            }
            var before = RateLimitRules.Current(slot.Stored, time.GetUtcNow());
            var admitted = RateLimitRules.Admit(before.Count, limit, requested);
            if (admitted == 0)
            {
                lock (slot) slot.Seen = before;
                return (before, 0);
            }
            var entity = new RateLimitEntity { PartitionKey = tokenHash, RowKey = string.Empty, Minute = before.Minute, Count = before.Count + admitted };
            try
            {
                var response = slot.ETag is { } etag
                    ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, CancellationToken.None)
                    : await table.AddEntityAsync(entity, CancellationToken.None);
                slot.Remember(new RateWindow(entity.Minute, entity.Count), response.Headers.ETag);
                lock (slot) slot.Seen = new RateWindow(entity.Minute, entity.Count);
                return (before, admitted);
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
                // Another instance counted meanwhile: read its count and decide again.
                slot.Forget();
                if (attempt > 2) await Task.Delay(Random.Shared.Next(5, 20 * attempt), CancellationToken.None);
            }
        }
        throw new EngageException(503, "rate_limiter_busy", "Too many concurrent requests for this access token; retry in a moment.");
    }

    private void Prune()
    {
        var current = RateLimitRules.MinuteOf(time.GetUtcNow());
        foreach (var (key, slot) in _slots)
        {
            lock (slot)
            {
                if (!slot.Flushing && (slot.Seen is null || slot.Seen.Value.Minute < current)) _slots.TryRemove(new KeyValuePair<string, Slot>(key, slot));
            }
        }
    }

    /// <summary>One token's state in this instance. <c>Stored</c>/<c>ETag</c> are touched only by the single flusher.</summary>
    private sealed class Slot
    {
        public List<TaskCompletionSource<RateLimitDecision>> Waiting = [];
        public bool Flushing;
        public RateWindow? Seen;
        public bool Loaded;
        public RateWindow? Stored;
        public ETag? ETag;

        public void Remember(RateWindow? stored, ETag? etag) => (Loaded, Stored, ETag) = (true, stored, etag);

        public void Forget() => (Loaded, Stored, ETag) = (false, null, null);
    }
}
