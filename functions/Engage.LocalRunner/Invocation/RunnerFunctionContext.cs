using Engage.LocalRunner.Discovery;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Invocation;

/// <summary>
/// The <see cref="FunctionContext"/> handed to functions that ask for one: invocation id, definition, binding data,
/// the invocation's services and its cancellation token. HTTP invocations also carry the <c>HttpContext</c>
/// under the key the ASP.NET Core integration uses, so <c>GetHttpContext()</c> works.
/// </summary>
internal sealed class RunnerFunctionContext(
    FunctionDescriptor function, IServiceProvider services, IReadOnlyDictionary<string, object?> bindingData, CancellationToken cancellationToken)
    : FunctionContext
{
    /// <summary>The <see cref="Items"/> key of the <c>HttpContext</c> (same as the worker's ASP.NET Core integration).</summary>
    public const string HttpContextKey = "HttpRequestContext";

    /// <inheritdoc />
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    /// <inheritdoc />
    public override string FunctionId => function.Name;

    /// <inheritdoc />
    public override TraceContext TraceContext { get; } = new RunnerTraceContext();

    /// <inheritdoc />
    public override BindingContext BindingContext { get; } = new RunnerBindingContext(bindingData);

    /// <inheritdoc />
    public override RetryContext RetryContext => null!;

    /// <inheritdoc />
    public override IServiceProvider InstanceServices { get; set; } = services;

    /// <inheritdoc />
    public override FunctionDefinition FunctionDefinition { get; } = new RunnerFunctionDefinition(function);

    /// <inheritdoc />
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    /// <inheritdoc />
    public override IInvocationFeatures Features { get; } = new RunnerInvocationFeatures();

    /// <inheritdoc />
    public override CancellationToken CancellationToken => cancellationToken;
}
