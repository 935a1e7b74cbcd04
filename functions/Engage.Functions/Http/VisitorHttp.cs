using System.Globalization;
using Engage.Application.Messaging;
using Engage.Domain.Api;
using Engage.Domain.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Engage.Functions.Http;

/// <summary>One visitor API call after its checks: the source, the visitor (null for a session start) and the parameters.</summary>
public sealed record VisitorCall(VisitorSource Source, VisitorClaims? Visitor, ApiParameters Parameters, string? PresentedToken);

/// <summary>
/// The HTTP side of the public visitor API <c>/messaging/{source_id}/...</c> (issue 8). Never takes an access token:
/// a visitor is known by its visitor token (<see cref="TokenHeader"/>). Every call counts against its IP address,
/// is refused (403 <c>origin_not_allowed</c>) from a page whose <c>Origin</c> the source does not allow, reads at
/// most <see cref="MessagingRules.MaxBodyBytes"/> of JSON, and answers errors in the contract's format with the CORS
/// headers a browser needs to read them.
/// </summary>
public sealed class VisitorHttp(VisitorService visitors, VisitorRateLimiter limiter, HttpApi http)
{
    /// <summary>The header carrying the visitor token.</summary>
    public const string TokenHeader = "X-Visitor-Token";

    /// <summary>Runs a visitor call; <paramref name="needsVisitor"/> false for the session start, whose token is optional.</summary>
    public async Task<IActionResult> RunAsync(HttpRequest request, string sourceId, bool needsVisitor, Func<VisitorCall, CancellationToken, Task<object>> call)
    {
        string? allowOrigin = null;
        var result = await http.HandleAsync(async () =>
        {
            var ct = request.HttpContext.RequestAborted;
            var source = await CheckAsync(request, sourceId, ct);
            allowOrigin = Origin(request);
            var parameters = await ParameterReader.ReadQueryAndJsonAsync(request, MessagingRules.MaxBodyBytes, ct);
            var token = request.Headers[TokenHeader].ToString() is { Length: > 0 } t ? t : null;
            var visitor = needsVisitor ? visitors.Authenticate(source, token) : null;
            return ContractResult.Ok(await call(new VisitorCall(source, visitor, parameters, token), ct));
        });
        return new CorsResult(result, allowOrigin, preflight: false);
    }

    /// <summary>Answers a CORS preflight: 204 with the allowed method and headers when the origin is allowed.</summary>
    public async Task<IActionResult> PreflightAsync(HttpRequest request, string sourceId)
    {
        string? allowOrigin = null;
        var result = await http.HandleAsync(async () =>
        {
            await CheckAsync(request, sourceId, request.HttpContext.RequestAborted);
            allowOrigin = Origin(request);
            return new StatusCodeResult(StatusCodes.Status204NoContent);
        });
        return new CorsResult(result, allowOrigin, preflight: true);
    }

    private async Task<VisitorSource> CheckAsync(HttpRequest request, string sourceId, CancellationToken ct)
    {
        limiter.CountRequest(ClientAddress(request));
        var source = await visitors.SourceAsync(sourceId, ct);
        if (!source.Settings.AllowsOrigin(Origin(request)))
        {
            throw new EngageException(StatusCodes.Status403Forbidden, "origin_not_allowed", $"Origin {Origin(request)} is not allowed to use this chat: add it to the source's allowed_origins.");
        }
        return source;
    }

    private static string? Origin(HttpRequest request) => request.Headers.Origin.ToString() is { Length: > 0 } o ? o : null;

    /// <summary>
    /// The caller's address: the last <c>X-Forwarded-For</c> entry (the one the platform's front end appended, which a
    /// client cannot forge), else the connection's.
    /// </summary>
    private static string ClientAddress(HttpRequest request)
    {
        var forwarded = request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0) return forwarded.Split(',')[^1].Trim();
        return request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>Adds the CORS headers (only for an allowed origin) and keeps answers out of caches.</summary>
    private sealed class CorsResult(IActionResult inner, string? allowOrigin, bool preflight) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var headers = context.HttpContext.Response.Headers;
            headers.Vary = "Origin";
            headers.CacheControl = "no-store";
            if (allowOrigin is not null)
            {
                headers.AccessControlAllowOrigin = allowOrigin;
                if (preflight)
                {
                    headers.AccessControlAllowMethods = "GET, POST, OPTIONS";
                    headers.AccessControlAllowHeaders = "Content-Type, " + TokenHeader;
                    headers.AccessControlMaxAge = 600.ToString(CultureInfo.InvariantCulture);
                }
            }
            return inner.ExecuteResultAsync(context);
        }
    }
}
