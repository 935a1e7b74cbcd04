using System.Reflection;
using Engage.LocalRunner.Discovery;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.LocalRunner.Invocation;

/// <summary>
/// Calls a function method like the worker does: the class is created with <see cref="ActivatorUtilities"/> from
/// the invocation's service scope, the returned task is awaited, and the instance is disposed afterwards.
/// </summary>
internal static class FunctionInvoker
{
    /// <summary>Invokes the function and hands its return value (null for <c>Task</c>/<c>void</c>) to <paramref name="onResult"/>.</summary>
    public static async Task InvokeAsync(FunctionDescriptor function, IServiceProvider services, object?[] arguments, Func<object?, Task>? onResult = null)
    {
        var instance = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, function.Type);
        try
        {
            var returned = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            var result = await AwaitAsync(returned, function.Method.ReturnType);
            if (onResult is not null) await onResult(result);
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable: await asyncDisposable.DisposeAsync(); break;
                case IDisposable disposable: disposable.Dispose(); break;
            }
        }
    }

    private static async Task<object?> AwaitAsync(object? returned, Type declared)
    {
        if (returned is null) return null;
        if (returned is Task task)
        {
            await task;
            return declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(Task<>)
                ? declared.GetProperty(nameof(Task<object>.Result))!.GetValue(task)
                : null;
        }
        if (returned is ValueTask valueTask)
        {
            await valueTask;
            return null;
        }
        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = (Task)declared.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null)!;
            await asTask;
            return asTask.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(asTask);
        }
        return returned;
    }
}
