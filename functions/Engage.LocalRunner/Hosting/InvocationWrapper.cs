using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Hosting;

/// <summary>
/// Wraps every invocation (HTTP request, queue message, timer tick) of the function named
/// <paramref name="functionName"/>; it must await <paramref name="body"/> once.
/// </summary>
public delegate Task InvocationWrapper(string functionName, ILogger logger, Func<Task> body);
