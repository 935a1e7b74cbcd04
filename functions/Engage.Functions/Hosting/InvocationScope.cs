using Engage.Application.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Hosting;

/// <summary>
/// Wraps one function invocation: starts an <see cref="OperationScope"/> so storage operations are counted,
/// and logs the counts when it ends. Both hosts call it (the Functions host through
/// <see cref="InvocationScopeMiddleware"/>, the local runner directly).
/// </summary>
public static class InvocationScope
{
    /// <summary>Runs <paramref name="body"/> inside a new operation scope named <paramref name="functionName"/>.</summary>
    public static async Task RunAsync(string functionName, ILogger logger, Func<Task> body)
    {
        using var _ = OperationScope.Begin(functionName);
        var scope = OperationScope.Current!;
        try
        {
            await body();
        }
        finally
        {
            logger.LogInformation("Function {Function} storage operations: {Operations}", functionName, scope.ToString());
        }
    }
}
