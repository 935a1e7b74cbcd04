using System.Reflection;

namespace Engage.LocalRunner.Discovery;

/// <summary>A discovered function: what is listed, plus the method to call and its trigger parameter.</summary>
internal sealed record FunctionDescriptor(ServedFunction Served, MethodInfo Method, ParameterInfo TriggerParameter)
{
    /// <summary>The function name.</summary>
    public string Name => Served.Name;

    /// <summary>The class holding the method.</summary>
    public Type Type => Method.DeclaringType!;
}
