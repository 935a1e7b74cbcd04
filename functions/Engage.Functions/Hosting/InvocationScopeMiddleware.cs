using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Hosting;

/// <summary>Worker middleware that runs every invocation inside <see cref="InvocationScope"/> under the Functions host.</summary>
public sealed class InvocationScopeMiddleware(ILogger<InvocationScopeMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc />
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        InvocationScope.RunAsync(context.FunctionDefinition.Name, logger, () => next(context));
}
