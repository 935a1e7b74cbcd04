using NCrontab;

namespace Engage.LocalRunner.Timers;

/// <summary>Parses a timer trigger's schedule: NCRONTAB with six fields (seconds first), evaluated in UTC.</summary>
internal static class TimerSchedule
{
    /// <summary>Parses <paramref name="expression"/>.</summary>
    /// <exception cref="InvalidOperationException">Not a six-field NCRONTAB expression.</exception>
    public static CrontabSchedule Parse(string expression, string functionName) =>
        CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
        ?? throw new InvalidOperationException(
            $"Function '{functionName}': '{expression}' is not a six-field NCRONTAB schedule ('{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}').");
}
