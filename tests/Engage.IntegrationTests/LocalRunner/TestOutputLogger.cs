using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>Writes one category's log lines to a test's output; lines after the test ended are dropped.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
        catch (InvalidOperationException)
        {
        }
    }
}
