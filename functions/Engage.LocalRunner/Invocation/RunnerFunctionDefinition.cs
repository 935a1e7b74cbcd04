using System.Collections.Immutable;
using Engage.LocalRunner.Discovery;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>The definition of a served function, built from reflection.</summary>
internal sealed class RunnerFunctionDefinition(FunctionDescriptor function) : FunctionDefinition
{
    /// <inheritdoc />
    public override ImmutableArray<FunctionParameter> Parameters { get; } =
        [.. function.Method.GetParameters().Select(p => new FunctionParameter(p.Name ?? string.Empty, p.ParameterType))];

    /// <inheritdoc />
    public override string PathToAssembly => function.Type.Assembly.Location;

    /// <inheritdoc />
    public override string EntryPoint => function.Served.EntryPoint;

    /// <inheritdoc />
    public override string Id => function.Name;

    /// <inheritdoc />
    public override string Name => function.Name;

    /// <inheritdoc />
    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
        ImmutableDictionary<string, BindingMetadata>.Empty.Add(
            function.TriggerParameter.Name ?? "trigger",
            new RunnerBindingMetadata(function.TriggerParameter.Name ?? "trigger", function.Served.Trigger));

    /// <inheritdoc />
    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
}
