namespace Engage.IntegrationTests.LocalRunner;

/// <summary>One invocation seen by a sample function.</summary>
public sealed record ProbeCall(string Function, string? Body = null, long DequeueCount = 0, string? MessageId = null, object? Detail = null);
