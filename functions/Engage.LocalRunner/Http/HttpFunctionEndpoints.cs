using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Engage.LocalRunner.Invocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.LocalRunner.Http;

/// <summary>
/// Maps each HTTP function to an endpoint (ASP.NET Core route template, the trigger's methods). Each request runs
/// in its own DI scope (<see cref="HttpContext.RequestServices"/>). An unhandled exception is logged and answered
/// with a fixed 500 body that never contains the exception text.
/// </summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>The body of a 500 answer.</summary>
    public const string InternalErrorBody = """{"error":"internal_error","message":"An unexpected error occurred.","status":500}""";

    /// <summary>Adds the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, InvocationWrapper wrapper)
    {
        var loggers = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>();
        foreach (var function in functions.Where(f => f.Served.Trigger == ServedFunction.HttpTrigger))
        {
            var logger = loggers.CreateLogger($"Function.{function.Name}");
            RequestDelegate handler = http => HandleAsync(function, http, wrapper, logger);
            var pattern = "/" + function.Served.Route;
            var builder = function.Served.Methods is { } methods ? endpoints.MapMethods(pattern, methods, handler) : endpoints.Map(pattern, handler);
            builder.WithDisplayName(function.Name);
        }
    }

    private static async Task HandleAsync(FunctionDescriptor function, HttpContext http, InvocationWrapper wrapper, ILogger logger)
    {
        try
        {
            await wrapper(function.Name, logger, async () =>
            {
                var bindingData = http.Request.RouteValues.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
                var context = new RunnerFunctionContext(function, http.RequestServices, bindingData, http.RequestAborted);
                context.Items[RunnerFunctionContext.HttpContextKey] = http;
                var arguments = await HttpArgumentBinder.BindAsync(function, http, context);
                await FunctionInvoker.InvokeAsync(function, http.RequestServices, arguments, result => HttpResultWriter.WriteAsync(http, result));
            });
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Function {Function}: the client went away.", function.Name);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Function {Function} failed: {Method} {Path}", function.Name, http.Request.Method, http.Request.Path);
            if (http.Response.HasStarted)
            {
                http.Abort();
                return;
            }
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(InternalErrorBody);
        }
    }
}
