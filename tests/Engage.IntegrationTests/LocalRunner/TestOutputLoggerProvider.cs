using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>Sends a runner's logs to the test's output, shown when the test fails, instead of the console.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
