using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>Metadata of the trigger binding.</summary>
internal sealed class RunnerBindingMetadata(string name, string type) : BindingMetadata
{
    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Type => type;

    /// <inheritdoc />
    public override BindingDirection Direction => BindingDirection.In;
}
