using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalRunner.Queues;

/// <summary>
/// Binds the parameters of a queue function: the trigger (string, byte[], <see cref="BinaryData"/>,
/// <see cref="QueueMessage"/> or a POCO read as JSON, all from the decoded body), <see cref="FunctionContext"/>,
/// <see cref="CancellationToken"/> (host shutdown), and binding data by name: <c>dequeueCount</c>, <c>id</c>,
/// <c>popReceipt</c>, <c>insertionTime</c>, <c>expirationTime</c>, <c>nextVisibleTime</c>, <c>queueTrigger</c>.
/// </summary>
internal static class QueueArgumentBinder
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>The binding data of a message.</summary>
    public static Dictionary<string, object?> BindingData(QueueMessage message, BinaryData body) =>
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["queueTrigger"] = body.ToString(),
            ["dequeueCount"] = message.DequeueCount,
            ["id"] = message.MessageId,
            ["popReceipt"] = message.PopReceipt,
            ["insertionTime"] = message.InsertedOn,
            ["expirationTime"] = message.ExpiresOn,
            ["nextVisibleTime"] = message.NextVisibleOn,
        };

    /// <summary>Builds the argument array.</summary>
    /// <remarks>
    /// The trigger is found by position, not by <see cref="ParameterInfo"/> identity: the runtime caches a method's
    /// parameters lazily without a lock, so two threads reading them first (two hosts discovering at once) can get
    /// different objects, and the one discovery kept may never be handed out again; the message then bound as null.
    /// </remarks>
    /// <exception cref="JsonException">A POCO trigger parameter and a body that is not its JSON.</exception>
    public static object?[] Bind(
        FunctionDescriptor function, QueueMessage message, BinaryData body, IReadOnlyDictionary<string, object?> bindingData,
        FunctionContext context, CancellationToken cancellationToken) =>
        function.Method.GetParameters().Select(p => p.Position == function.TriggerParameter.Position
            ? Trigger(p.ParameterType, message, body)
            : Other(p, bindingData, context, cancellationToken)).ToArray();

    private static object? Trigger(Type type, QueueMessage message, BinaryData body)
    {
        if (type == typeof(string)) return body.ToString();
        if (type == typeof(byte[])) return body.ToArray();
        if (type == typeof(BinaryData)) return body;
        if (type == typeof(QueueMessage))
        {
            return QueuesModelFactory.QueueMessage(message.MessageId, message.PopReceipt, body, message.DequeueCount,
                message.NextVisibleOn, message.InsertedOn, message.ExpiresOn);
        }
        return JsonSerializer.Deserialize(body.ToMemory().Span, type, Json);
    }

    private static object? Other(ParameterInfo parameter, IReadOnlyDictionary<string, object?> bindingData, FunctionContext context, CancellationToken cancellationToken)
    {
        if (parameter.ParameterType == typeof(FunctionContext)) return context;
        if (parameter.ParameterType == typeof(CancellationToken)) return cancellationToken;
        return parameter.Name is { } name && bindingData.TryGetValue(name, out var value)
            ? ValueConverter.Convert(value, parameter.ParameterType)
            : ValueConverter.DefaultOf(parameter);
    }
}
