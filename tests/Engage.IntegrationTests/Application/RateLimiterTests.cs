using Azure.Data.Tables;
using Engage.Application.Limits;
using Engage.Application.Security;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.IntegrationTests.LocalRunner;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Application;

/// <summary>
/// The per-token limit (issue 7, item 3) at the application level on real Azurite with a fake clock: two limiter
/// instances (as two app instances would) share one count, the contract's 500 holds under concurrency, and the next
/// minute starts from zero. The HTTP answers are in <c>Api.RateLimitTests</c>.
/// </summary>
public class RateLimiterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static (RateLimiter A, RateLimiter B) TwoInstances(IServiceProvider services) =>
        (ActivatorUtilities.CreateInstance<RateLimiter>(services), ActivatorUtilities.CreateInstance<RateLimiter>(services));

    [Fact]
    public async Task Two_instances_share_one_count_of_500_and_the_next_minute_starts_again()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var (a, b) = TwoInstances(app.Services);
        Assert.Equal(500, a.Limit);
        var token = TokenHasher.Hash(TokenHasher.NewToken());

        for (var i = 0; i < 300; i++) Assert.True((await a.AcquireAsync(token, CancellationToken.None))!.Value.Allowed);
        for (var i = 0; i < 200; i++)
        {
            var decision = (await b.AcquireAsync(token, CancellationToken.None))!.Value;
            Assert.True(decision.Allowed);
            Assert.Equal(199 - i, decision.Headers.Remaining);
        }
        // The 501st, whichever instance it reaches, and B has never seen A's requests itself.
        var refusedByA = (await a.AcquireAsync(token, CancellationToken.None))!.Value;
        var refusedByB = (await b.AcquireAsync(token, CancellationToken.None))!.Value;
        Assert.False(refusedByA.Allowed);
        Assert.False(refusedByB.Allowed);
        Assert.Equal((500, 0L, 60L), (refusedByA.Headers.Limit, refusedByA.Headers.Remaining, refusedByA.Headers.ResetSeconds));

        var row = await app.Services.GetRequiredService<EngageStorage>().Table(StorageNames.RateLimitsTable).GetEntityAsync<RateLimitEntity>(token, string.Empty);
        Assert.Equal(500, row.Value.Count);

        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False((await b.AcquireAsync(token, CancellationToken.None))!.Value.Allowed);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var next = (await a.AcquireAsync(token, CancellationToken.None))!.Value;
        Assert.True(next.Allowed);
        Assert.Equal(499, next.Headers.Remaining);
        Assert.True((await b.AcquireAsync(token, CancellationToken.None))!.Value.Allowed);
    }

    [Fact]
    public async Task Concurrent_requests_on_two_instances_admit_exactly_500_and_leave_other_tokens_alone()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var (a, b) = TwoInstances(app.Services);
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        var other = TokenHasher.Hash(TokenHasher.NewToken());

        var decisions = await Task.WhenAll(Enumerable.Range(0, 700).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).AcquireAsync(token, CancellationToken.None))));
        Assert.Equal(500, decisions.Count(d => d!.Value.Allowed));
        // Every admitted request saw its own place in the window: no two got the same remaining count.
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (long)i).Order(), decisions.Where(d => d!.Value.Allowed).Select(d => d!.Value.Headers.Remaining).Order());
        Assert.True((await b.AcquireAsync(other, CancellationToken.None))!.Value.Allowed);
    }

    [Fact]
    public async Task A_known_full_window_refuses_without_a_storage_call()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var limiter = ActivatorUtilities.CreateInstance<RateLimiter>(app.Services);
        var token = TokenHasher.Hash(TokenHasher.NewToken());
        var table = app.Services.GetRequiredService<EngageStorage>().Table(StorageNames.RateLimitsTable);
        // Another instance filled the window.
        var minute = Engage.Domain.Limits.RateLimitRules.MinuteOf(app.Clock.GetUtcNow());
        await table.AddEntityAsync(new RateLimitEntity { PartitionKey = token, RowKey = string.Empty, Minute = minute, Count = 500 });
        Assert.False((await limiter.AcquireAsync(token, CancellationToken.None))!.Value.Allowed);
        // Storage now says otherwise, but a window's count never goes down, so this instance need not look.
        await table.UpsertEntityAsync(new RateLimitEntity { PartitionKey = token, RowKey = string.Empty, Minute = minute, Count = 0 }, TableUpdateMode.Replace);
        Assert.False((await limiter.AcquireAsync(token, CancellationToken.None))!.Value.Allowed);
        Assert.Equal(0, (await table.GetEntityAsync<RateLimitEntity>(token, string.Empty)).Value.Count);
    }
}
