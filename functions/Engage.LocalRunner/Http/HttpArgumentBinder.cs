using System.Reflection;
using System.Text.Json;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Invocation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using WorkerFromBody = Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute;

namespace Engage.LocalRunner.Http;

/// <summary>
/// Binds the parameters of an HTTP function: <see cref="HttpRequest"/>, <see cref="HttpContext"/>,
/// <see cref="FunctionContext"/>, <see cref="CancellationToken"/> (request aborted), <c>[FromBody]</c> (JSON),
/// then route values and query-string values by parameter name, converted to the parameter type.
/// </summary>
internal static class HttpArgumentBinder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Builds the argument array.</summary>
    public static async Task<object?[]> BindAsync(FunctionDescriptor function, HttpContext http, FunctionContext context)
    {
        var parameters = function.Method.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = await BindAsync(parameters[i], http, context);
        }
        return arguments;
    }

    private static async Task<object?> BindAsync(ParameterInfo parameter, HttpContext http, FunctionContext context)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest)) return http.Request;
        if (type == typeof(HttpContext)) return http;
        if (type == typeof(HttpResponse)) return http.Response;
        if (type == typeof(FunctionContext)) return context;
        if (type == typeof(CancellationToken)) return http.RequestAborted;
        if (parameter.GetCustomAttribute<WorkerFromBody>() is not null) return await ReadBodyAsync(http, type);
        var name = parameter.Name ?? string.Empty;
        if (http.GetRouteValue(name) is { } routeValue) return ValueConverter.Convert(routeValue, type);
        if (http.Request.Query.TryGetValue(name, out var query)) return ValueConverter.Convert(query.ToString(), type);
        return ValueConverter.DefaultOf(parameter);
    }

    private static async Task<object?> ReadBodyAsync(HttpContext http, Type type)
    {
        if (type == typeof(string))
        {
            using var reader = new StreamReader(http.Request.Body);
            return await reader.ReadToEndAsync(http.RequestAborted);
        }
        if (http.Request.ContentLength == 0) return null;
        return await JsonSerializer.DeserializeAsync(http.Request.Body, type, Json, http.RequestAborted);
    }
}
