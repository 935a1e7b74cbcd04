using System.Diagnostics;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Engage.LocalRunner.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Timers;

/// <summary>
/// Runs one timer function on its NCRONTAB schedule (UTC), one tick at a time, as a single instance. A tick is
/// past due (<see cref="TimerInfo.IsPastDue"/>) when it fell due while the previous run was still going, or fired
/// more than a second late; missed ticks collapse into one. <c>RunOnStartup</c> runs it once at start. There are
/// no retries: an exception is logged and the schedule goes on.
/// </summary>
internal sealed class TimerListener(
    FunctionDescriptor function, InvocationWrapper wrapper, IServiceProvider services, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromHours(12);

    private ILogger Logger { get; } = loggers.CreateLogger($"Function.{function.Name}");

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var schedule = TimerSchedule.Parse(function.Served.Schedule!, function.Name);
        var next = schedule.GetNextOccurrence(Now);
        var lastFinished = Now;
        DateTime? lastFired = null;
        Logger.LogInformation("Timer {Function}: schedule '{Schedule}' (UTC), next run {Next:O}.", function.Name, function.Served.Schedule, next);
        if (function.Served.RunOnStartup == true)
        {
            await InvokeAsync(new TimerInfo { ScheduleStatus = new ScheduleStatus { Next = next, LastUpdated = Now } }, stoppingToken);
            lastFinished = Now;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - Now;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait < LongestDelay ? wait : LongestDelay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }
            var now = Now;
            var following = schedule.GetNextOccurrence(now > next ? now : next);
            var info = new TimerInfo
            {
                IsPastDue = next < lastFinished || now - next > PastDueTolerance,
                ScheduleStatus = new ScheduleStatus { Last = lastFired ?? default, Next = following, LastUpdated = now },
            };
            await InvokeAsync(info, stoppingToken);
            lastFired = next;
            lastFinished = Now;
            next = following;
        }
    }

    private async Task InvokeAsync(TimerInfo info, CancellationToken stoppingToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await wrapper(function.Name, Logger, async () =>
            {
                await using var scope = services.CreateAsyncScope();
                var context = new RunnerFunctionContext(function, scope.ServiceProvider, new Dictionary<string, object?>(), stoppingToken);
                var arguments = function.Method.GetParameters().Select(p =>
                    p.ParameterType == typeof(TimerInfo) ? info
                    : p.ParameterType == typeof(FunctionContext) ? context
                    : p.ParameterType == typeof(CancellationToken) ? stoppingToken
                    : ValueConverter.DefaultOf(p)).ToArray();
                await FunctionInvoker.InvokeAsync(function, scope.ServiceProvider, arguments);
            });
            Logger.LogInformation("Executed {Function} (Succeeded, IsPastDue={IsPastDue}, Duration={Duration}ms)", function.Name, info.IsPastDue, watch.ElapsedMilliseconds);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested || e is not OperationCanceledException)
        {
            Logger.LogError(e, "Executed {Function} (Failed, IsPastDue={IsPastDue}, Duration={Duration}ms)", function.Name, info.IsPastDue, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException)
        {
            Logger.LogInformation("Timer {Function} was cancelled by shutdown.", function.Name);
        }
    }
}
