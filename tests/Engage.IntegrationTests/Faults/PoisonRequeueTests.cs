using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Engage.Application.Events;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.IntegrationTests.Api;
using Engage.IntegrationTests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Faults;

/// <summary>An event sink (as the Service Bus stream is) that can be switched off: every publish throws while it is down.</summary>
public sealed class SwitchableSink : IEventSink
{
    /// <summary>Message of the failure while down.</summary>
    public const string DownMessage = "The event stream is down (fault test).";

    /// <summary>While true, publishing fails.</summary>
    public volatile bool Down;

    /// <summary>Ids of the events taken, once per publish.</summary>
    public ConcurrentQueue<string> Taken { get; } = new();

    /// <inheritdoc />
    public Task PublishAsync(IReadOnlyList<EventEntity> events, CancellationToken cancellationToken)
    {
        if (Down) throw new InvalidOperationException(DownMessage);
        foreach (var e in events) Taken.Enqueue(e.EventId);
        return Task.CompletedTask;
    }
}

/// <summary><see cref="FastRetryFixture"/> with a <see cref="SwitchableSink"/> after the app's own sinks.</summary>
public sealed class PoisonFixture : FastRetryFixture
{
    /// <summary>The sink the test switches off and on.</summary>
    public SwitchableSink Sink { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureTestServices(IServiceCollection services)
    {
        base.ConfigureTestServices(services);
        services.AddSingleton<IEventSink>(Sink);
    }
}

/// <summary>
/// Fault case 6: a message whose handler keeps failing (here the outbox dispatch, because an event sink is down longer
/// than the queue's 5 tries) ends in <c>outbox-poison</c>; the runner logs why and the poison copy's id; nothing is
/// applied meanwhile. Once the sink is back, <c>engage poison requeue --id</c> with that logged id moves it back, and it
/// is dispatched once. The CLI's own behaviour (list, unknown ids, bad storage) is in <c>CliAdminTests</c>.
/// </summary>
public class PoisonRequeueTests(PoisonFixture app) : IClassFixture<PoisonFixture>
{
    [Fact]
    public async Task A_dispatch_that_fails_five_times_is_poisoned_with_its_reason_and_processed_once_after_a_requeue()
    {
        var storage = app.Azurite.ConnectionString;
        var (sourceId, secret) = await FaultApi.SourceAsync(app, "Poison source");
        app.Sink.Down = true;
        await FaultApi.PushUntilAcknowledgedAsync(app, EngageFixture.Message("poison-1", "poison-thread", "hello"), sourceId, secret, TimeSpan.FromSeconds(30));
        var thread = await FaultApi.ThreadAsync(app, sourceId, "poison-thread");
        var contentId = (await FaultApi.ContentsAsync(app, thread.GetProperty("id").GetString()!)).Single().GetProperty("id").GetString()!;

        var poison = new QueueClient(storage, StorageNames.OutboxQueue + "-poison");
        Assert.True(await EngageFixture.EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, TimeSpan.FromSeconds(45)),
            "the failing dispatch was not poisoned");
        var line = Assert.Single(app.Logs.Lines, l => l.Contains("Moved it to queue 'outbox-poison'"));
        Assert.Contains(SwitchableSink.DownMessage, line);
        var poisonedId = Regex.Match(line, @"as message (\S+)\.").Groups[1].Value;
        Assert.Equal((await poison.PeekMessagesAsync()).Value.Single().MessageId, poisonedId);
        Assert.Empty(app.Sink.Taken);
        Assert.Equal(1, await OutboxRowsAsync(thread));

        app.Sink.Down = false;
        var requeued = await CliRunner.RunAsync("poison", "requeue", "--queue", "outbox", "--id", poisonedId, "--storage", storage, "--json");
        Assert.True(requeued.Code == 0, requeued.ToString());

        Assert.True(await EngageFixture.EventuallyAsync(async () => !app.Sink.Taken.IsEmpty && await OutboxRowsAsync(thread) == 0, TimeSpan.FromSeconds(30)), "the requeued message was not processed");
        await Task.Delay(1500); // a second dispatch would come within a retry
        var imported = Assert.Single(await FaultApi.EventsAsync(app, $"content:\"{contentId}\" name_in:\"content.imported\""));
        Assert.Equal([imported.GetProperty("id").GetString()!], app.Sink.Taken);
        Assert.Empty((await poison.PeekMessagesAsync()).Value);
    }

    private async Task<int> OutboxRowsAsync(System.Text.Json.JsonElement thread)
    {
        var table = new TableClient(app.Azurite.ConnectionString, StorageNames.ThreadsTable);
        var partition = Engage.Application.Threads.ThreadKeys.Partition(thread.GetProperty("source_id").GetString()!, thread.GetProperty("foreign_id").GetString()!);
        return await table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}' and RowKey ge 'o|' and RowKey lt 'o}}'").CountAsync();
    }
}
