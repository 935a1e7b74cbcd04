using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>Binding data of one invocation (route values; queue <c>dequeueCount</c>, <c>id</c>, ...).</summary>
internal sealed class RunnerBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
{
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> BindingData => bindingData;
}
