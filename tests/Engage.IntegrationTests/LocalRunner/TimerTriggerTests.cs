using Engage.IntegrationTests.LocalRunner.Samples;
using Microsoft.Azure.Functions.Worker;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>Timer triggers: a schedule with seconds fires, a late tick is past due, RunOnStartup fires once.</summary>
[Collection(LocalRunnerCollection.Name)]
public sealed class TimerTriggerTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task An_every_second_timer_fires_with_its_schedule_status()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(nameof(Tick)).Count >= 2, TimeSpan.FromSeconds(10)));

        var ticks = runner.Probe.Calls(nameof(Tick)).Select(c => (TimerInfo)c.Detail!).ToList();
        Assert.All(ticks, t => Assert.True(t.ScheduleStatus!.Next > t.ScheduleStatus.LastUpdated));
        Assert.NotEqual(default, ticks[1].ScheduleStatus!.Last);
        Assert.True(ticks[1].ScheduleStatus!.Last < ticks[1].ScheduleStatus!.Next);
    }

    [Fact]
    public async Task A_tick_that_fell_due_while_the_previous_run_was_going_is_past_due()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(nameof(SlowTick)).Count >= 2, TimeSpan.FromSeconds(10)));

        var ticks = runner.Probe.Calls(nameof(SlowTick)).Select(c => (TimerInfo)c.Detail!).ToList();
        Assert.True(ticks[1].IsPastDue);
    }

    [Fact]
    public async Task Run_on_startup_fires_once_at_start()
    {
        await using var runner = await SampleRunner.StartAsync(azurite, output);

        Assert.True(await Probe.EventuallyAsync(() => runner.Probe.Calls(nameof(StartupOnly)).Count == 1, TimeSpan.FromSeconds(10)));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(runner.Probe.Calls(nameof(StartupOnly)));
    }
}
