using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Engage.LocalRunner.Http;

/// <summary>
/// Writes what an HTTP function returned: <see cref="IActionResult"/> (ours or MVC's, executed with an
/// <see cref="ActionContext"/>), <see cref="IResult"/>, a string as text, any other object as JSON; null writes nothing.
/// </summary>
internal static class HttpResultWriter
{
    /// <summary>Writes <paramref name="result"/> to the response.</summary>
    public static Task WriteAsync(HttpContext http, object? result) => result switch
    {
        null => Task.CompletedTask,
        IActionResult action => action.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        IResult minimal => minimal.ExecuteAsync(http),
        string text => new ContentResult { Content = text, ContentType = "text/plain; charset=utf-8", StatusCode = 200 }
            .ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
        _ => new ObjectResult(result).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor())),
    };
}
