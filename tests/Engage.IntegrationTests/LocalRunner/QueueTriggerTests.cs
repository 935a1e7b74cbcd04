using Azure.Storage.Queues;
using Engage.IntegrationTests.LocalRunner.Samples;
using Engage.LocalRunner.Queues;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>Queue triggers against Azurite: decoding, binding, retries, poison queue, wake-up.</summary>
[Collection(LocalRunnerCollection.Name)]
public sealed class QueueTriggerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_base64_message_arrives_decoded_with_its_binding_data()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);
        var queue = runner.Base64Client(runner.EchoQueue);
        await queue.CreateIfNotExistsAsync();

        var sent = await queue.SendMessageAsync("héllo wörld");

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(nameof(EchoQueue)).Count == 1, Patience));
        var call = runner.Probe.Calls(nameof(EchoQueue)).Single();
        Assert.Equal("héllo wörld", call.Body);
        Assert.Equal(1, call.DequeueCount);
        Assert.Equal(sent.Value.MessageId, call.MessageId);
        var detail = (object[])call.Detail!;
        Assert.True((DateTimeOffset)detail[0] > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("héllo wörld", detail[1]);
        Assert.True(await Probe.EventuallyAsync(async () => (await queue.PeekMessagesAsync()).Value.Length == 0, Patience));
    }

    [Fact]
    public async Task A_message_that_always_fails_moves_to_poison_with_the_same_body_after_exactly_five_invocations()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);
        var queue = runner.Base64Client(runner.FailQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("doomed");
        var raw = Convert.ToBase64String("doomed"u8);
        var poison = runner.Queues.GetQueueClient(runner.FailQueue + "-poison");

        Assert.True(await Probe.EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, Patience));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var calls = runner.Probe.Calls(nameof(AlwaysFails));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], calls.Select(c => c.DequeueCount));
        Assert.All(calls, c => Assert.Equal("doomed", c.Body));
        var poisoned = (await poison.PeekMessagesAsync()).Value.Single();
        Assert.Equal(raw, poisoned.Body.ToString());
        Assert.Empty((await runner.Queues.GetQueueClient(runner.FailQueue).PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task A_message_that_fails_twice_then_succeeds_is_processed_and_not_poisoned()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);
        var queue = runner.Base64Client(runner.FlakyQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("""{"name":"job-1","size":42}""");

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(FailsTwice.Succeeded).Count == 1, Patience));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var calls = runner.Probe.Calls(nameof(FailsTwice));
        Assert.Equal([1L, 2L, 3L], calls.Select(c => c.DequeueCount));
        Assert.All(calls, c => Assert.Equal(("job-1", (object)42), (c.Body, c.Detail)));
        Assert.Empty((await queue.PeekMessagesAsync()).Value);
        Assert.False((await runner.Queues.GetQueueClient(runner.FlakyQueue + "-poison").ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_is_poisoned_without_an_invocation()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);
        var queue = runner.Queues.GetQueueClient(runner.EchoQueue);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("plain text, not base64!");
        var poison = runner.Queues.GetQueueClient(runner.EchoQueue + "-poison");

        Assert.True(await Probe.EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, Patience));
        Assert.Equal("plain text, not base64!", (await poison.PeekMessagesAsync()).Value.Single().Body.ToString());
        Assert.Empty(runner.Probe.Calls(nameof(EchoQueue)));
    }

    [Fact]
    public async Task A_message_received_with_a_dequeue_count_above_the_maximum_is_poisoned_before_invocation()
    {
        var suffix = SampleRunner.NewSuffix();
        var queue = new QueueClient(azurite.Azurite.ConnectionString, $"echo-{suffix}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync();
        await queue.SendMessageAsync("stale");
        for (var i = 0; i < 6; i++)
        {
            Assert.True(await Probe.EventuallyAsync(async () => (await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1))).Value.Length == 1, Patience));
        }

        await using var runner = await SampleRunner.StartAsync(azurite, output, suffix: suffix);
        var poison = runner.Queues.GetQueueClient(runner.EchoQueue + "-poison");

        Assert.True(await Probe.EventuallyAsync(async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync()).Value.Length == 1, Patience));
        Assert.Empty(runner.Probe.Calls(nameof(EchoQueue)));
    }

    [Fact]
    public async Task Wake_makes_a_backed_off_listener_poll_at_once()
    {
        const string slowPolling = """{ "version": "2.0", "extensions": { "queues": { "maxPollingInterval": "00:01:00", "visibilityTimeout": "00:00:00" } } }""";
        await using var runner = await SampleRunner.StartAsync(azurite, output, slowPolling);
        var queue = runner.Base64Client(runner.EchoQueue);
        await queue.CreateIfNotExistsAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));

        await queue.SendMessageAsync("wake up");
        var woken = DateTime.UtcNow;
        runner.Host.Services.GetRequiredService<IQueueWakeup>().Wake(runner.EchoQueue);

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(nameof(EchoQueue)).Count == 1, Patience));
        Assert.True(DateTime.UtcNow - woken < TimeSpan.FromSeconds(2.5), $"took {DateTime.UtcNow - woken}");
    }
}
