using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engage.Functions.Http;

/// <summary>
/// The web chat widget script (<c>Messaging/widget.js</c>, embedded in this assembly), answered with cache headers:
/// five minutes public caching, an ETag from its content, and 304 to a matching <c>If-None-Match</c>.
/// </summary>
public static class WidgetFile
{
    /// <summary>The manifest resource name of the script.</summary>
    public const string ResourceName = "Engage.Functions.messaging-widget.js";

    /// <summary>How long browsers and CDNs may reuse it without asking again.</summary>
    public const int MaxAgeSeconds = 300;

    private static readonly Lazy<(byte[] Bytes, string ETag)> Script = new(() =>
    {
        using var stream = typeof(WidgetFile).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return (bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"");
    });

    /// <summary>The script, or 304 when the caller already has this version.</summary>
    public static IActionResult Answer(HttpRequest request) => new ScriptResult(request.Headers.IfNoneMatch.ToString() == Script.Value.ETag);

    private sealed class ScriptResult(bool notModified) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.Headers.CacheControl = $"public, max-age={MaxAgeSeconds}";
            response.Headers.ETag = Script.Value.ETag;
            response.Headers.XContentTypeOptions = "nosniff";
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/javascript; charset=utf-8";
            await response.Body.WriteAsync(Script.Value.Bytes, context.HttpContext.RequestAborted);
        }
    }
}
