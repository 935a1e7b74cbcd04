using Azure.Data.Tables;
using Engage.Application.Limits;
using Engage.Application.Storage;
using Engage.Application.Security;
using Engage.Domain.Api;
using Engage.Domain.Limits;
using Engage.IntegrationTests.LocalRunner;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Application;

/// <summary>
/// Idempotency keys (issue 7, item 4) at the application level on real Azurite with a fake clock: replay, expiry after
/// 24 hours, release after a failure, and the lease that frees a key whose first request died.
/// </summary>
public class IdempotencyStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_key_replays_for_24_hours_then_acts_again()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        var acted = 0;
        Task<StoredAnswer> Act() => Task.FromResult(new StoredAnswer(200, $"{{\"n\":{Interlocked.Increment(ref acted)}}}"));

        var first = await store.RunAsync(token, "k1", "f", Act, CancellationToken.None);
        Assert.Equal((new StoredAnswer(200, "{\"n\":1}"), false), first);
        app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal((new StoredAnswer(200, "{\"n\":1}"), true), await store.RunAsync(token, "k1", "f", Act, CancellationToken.None));
        var reused = await Assert.ThrowsAsync<EngageException>(() => store.RunAsync(token, "k1", "other", Act, CancellationToken.None));
        Assert.Equal((422, "idempotency_key_reused"), (reused.Status, reused.Error));
        // Another token's key of the same name is its own.
        Assert.False((await store.RunAsync(TokenHasher.Hash(TokenHasher.NewToken()), "k1", "f", Act, CancellationToken.None)).Replayed);
        Assert.Equal(2, acted);

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal((new StoredAnswer(200, "{\"n\":3}"), false), await store.RunAsync(token, "k1", "other", Act, CancellationToken.None));
    }

    [Fact]
    public async Task A_4xx_is_kept_but_a_5xx_or_an_exception_frees_the_key()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var token = TokenHasher.Hash(TokenHasher.NewToken());

        Assert.Equal(500, (await store.RunAsync(token, "k5", "f", () => Task.FromResult(new StoredAnswer(500, "{}")), CancellationToken.None)).Answer.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunAsync(token, "k5", "f", () => throw new InvalidOperationException(), CancellationToken.None));
        Assert.Equal((new StoredAnswer(422, "{\"error\":\"x\"}"), false), await store.RunAsync(token, "k5", "f", () => Task.FromResult(new StoredAnswer(422, "{\"error\":\"x\"}")), CancellationToken.None));
        Assert.Equal((new StoredAnswer(422, "{\"error\":\"x\"}"), true), await store.RunAsync(token, "k5", "f", () => Task.FromResult(new StoredAnswer(200, "{}")), CancellationToken.None));
    }

    [Fact]
    public async Task A_repeat_during_the_first_request_is_409_until_the_lease_ends()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        var release = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var first = store.RunAsync(token, "kr", "f", async () =>
        {
            started.SetResult();
            await release.Task;
            return new StoredAnswer(200, "{\"first\":true}");
        }, CancellationToken.None);
        await started.Task;

        var busy = await Assert.ThrowsAsync<EngageException>(() => store.RunAsync(token, "kr", "f", () => Task.FromResult(new StoredAnswer(200, "{}")), CancellationToken.None));
        Assert.Equal((409, "request_in_progress"), (busy.Status, busy.Error));
        // The first request is taken for dead after the lease: a retry acts.
        app.Clock.Advance(IdempotencyRules.Lease);
        Assert.Equal((new StoredAnswer(200, "{\"retry\":true}"), false), await store.RunAsync(token, "kr", "f", () => Task.FromResult(new StoredAnswer(200, "{\"retry\":true}")), CancellationToken.None));
        release.SetResult();
        await first;
        Assert.Equal((new StoredAnswer(200, "{\"retry\":true}"), true), await store.RunAsync(token, "kr", "f", () => Task.FromResult(new StoredAnswer(200, "{}")), CancellationToken.None));
    }

    [Fact]
    public async Task A_large_answer_is_stored_in_chunks_and_replayed_whole()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        var json = "{\"body\":\"" + string.Concat(Enumerable.Repeat("é€😀", 20_000)) + "\"}";
        await store.RunAsync(token, "big", "f", () => Task.FromResult(new StoredAnswer(200, json)), CancellationToken.None);
        var (replay, replayed) = await store.RunAsync(token, "big", "f", () => Task.FromResult(new StoredAnswer(200, "{}")), CancellationToken.None);
        Assert.True(replayed);
        // Compared without printing 140,000 characters on failure.
        Assert.True(replay.Json == json, $"The replay has {replay.Json.Length} characters, not {json.Length}, or differs.");
    }

    [Fact]
    public async Task The_sweep_deletes_only_keys_whose_24_hours_are_over()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var store = app.Services.GetRequiredService<IdempotencyStore>();
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        Task<StoredAnswer> Act() => Task.FromResult(new StoredAnswer(200, "{}"));
        await store.RunAsync(token, "old", "f", Act, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(12));
        await store.RunAsync(token, "young", "f", Act, CancellationToken.None);
        app.Clock.Advance(TimeSpan.FromHours(12));

        // Other tests of this class share the table, so count only this test's rows.
        var table = app.Services.GetRequiredService<EngageStorage>().Table(StorageNames.IdempotencyKeysTable);
        Assert.True(await store.SweepAsync(CancellationToken.None) >= 1);
        Assert.Null(await table.FindAsync<TableEntity>(IdempotencyStore.PartitionOf(token, "old"), string.Empty, CancellationToken.None));
        Assert.NotNull(await table.FindAsync<TableEntity>(IdempotencyStore.PartitionOf(token, "young"), string.Empty, CancellationToken.None));
        Assert.True((await store.RunAsync(token, "young", "f", Act, CancellationToken.None)).Replayed);
    }
}
