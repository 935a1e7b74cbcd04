using Azure.Data.Tables;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Threads;
using Engage.Domain.Api;
using Engage.Domain.Search;
using Engage.IntegrationTests.LocalRunner;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Application;

/// <summary>
/// The thread list's trail rows over time (issue 7, cursor paging), on real Azurite with a fake clock: a cursor
/// lives 24 hours, and the pruner keeps trail rows exactly as long as a cursor may need them.
/// </summary>
public class ThreadTrailTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_cursor_expires_after_24_hours_and_the_pruner_removes_only_trails_no_cursor_can_need()
    {
        await using var app = await FakeClockServices.StartAsync(azurite.Azurite);
        var source = await app.Services.GetRequiredService<SourceStore>().CreateAsync("trails", "sdk", "secret", null, [], true, app.Clock.GetUtcNow(), CancellationToken.None);
        var store = app.Services.GetRequiredService<ThreadStore>();
        var search = app.Services.GetRequiredService<ThreadSearch>();
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            await store.AppendAsync(Message(source.Id, $"thread-{i}", $"m{i}", app.Clock.GetUtcNow()), CancellationToken.None);
        }

        var first = await search.ListAsync([source.Id], ThreadFilter.Parse(null), Paging.Parse(null, "2"), null, CancellationToken.None);
        Assert.Equal(["thread-2", "thread-1"], first.Records.Select(t => t.ForeignId));
        // thread-0 (not yet seen) moves to the top: it leaves a trail row behind, where the walk will find it.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await store.AppendAsync(Message(source.Id, "thread-0", "moved", app.Clock.GetUtcNow()), CancellationToken.None);
        Assert.Equal(1, await CountTrailsAsync(app, source.Id));
        var second = await search.ListAsync([source.Id], ThreadFilter.Parse(null), Paging.Parse(null, "2", first.NextCursor), null, CancellationToken.None);
        Assert.Equal(["thread-0"], second.Records.Select(t => t.ForeignId));

        app.Clock.Advance(TimeSpan.FromHours(24));
        var expired = await Assert.ThrowsAsync<EngageException>(() => search.ListAsync([source.Id], ThreadFilter.Parse(null), Paging.Parse(null, "2", first.NextCursor), null, CancellationToken.None));
        Assert.Equal((422, "cursor_expired"), (expired.Status, expired.Error));

        // A second move now: its trail is fresh and stays; the first one is past the retention and goes.
        await store.AppendAsync(Message(source.Id, "thread-1", "moved too", app.Clock.GetUtcNow()), CancellationToken.None);
        var pruner = app.Services.GetRequiredService<ThreadTrailPruner>();
        Assert.Equal(0, await pruner.PruneAsync(CancellationToken.None));
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        // The first move's trail, and the four claims of places taken before the cutoff (three threads, one move).
        Assert.Equal(5, await pruner.PruneAsync(CancellationToken.None));
        Assert.Equal(1, await CountTrailsAsync(app, source.Id));
        var all = await search.ListAsync([source.Id], ThreadFilter.Parse(null), Paging.Parse(null, "150"), null, CancellationToken.None);
        Assert.Equal(3, all.Count);
    }

    private static NewContent Message(string source, string thread, string id, DateTimeOffset at) =>
        new(source, "sdk", thread, null, id, "author-1", "body", "text", null, false, [], null, null, 0, at);

    private static async Task<int> CountTrailsAsync(FakeClockServices app, string source)
    {
        var index = app.Services.GetRequiredService<EngageStorage>().Table(StorageNames.ThreadIndexTable);
        var count = 0;
        await foreach (var _ in index.QueryAsync<ThreadIndexEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {source} and RowKey gt {"g|"} and RowKey lt {"g}"}"))) count++;
        return count;
    }
}
