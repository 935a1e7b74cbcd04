using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>Trace context taken from the current <see cref="Activity"/>, if any.</summary>
internal sealed class RunnerTraceContext : TraceContext
{
    /// <inheritdoc />
    public override string TraceParent { get; } = Activity.Current?.Id ?? string.Empty;

    /// <inheritdoc />
    public override string TraceState { get; } = Activity.Current?.TraceStateString ?? string.Empty;
}
