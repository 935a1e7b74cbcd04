using System.Globalization;
using System.Text.Json;
using Engage.Application.Auth;
using Engage.Application.Json;
using Engage.Application.Limits;
using Engage.Application.Storage;
using Engage.Domain.Api;
using Engage.Domain.Limits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Http;

/// <summary>
/// The one place where HTTP meets the application layer. For every authenticated call it: reads the parameters of a
/// write (query, form or JSON alike, <see cref="ParameterReader"/>); authenticates the token (<c>Authorization:
/// Bearer</c> or <c>access_token</c> in any of the three); counts the request against the token's limit
/// (<see cref="RateLimiter"/>, 429 and <c>RateLimit-*</c> headers); applies <c>impersonated_user_id</c>; runs a POST
/// with an <c>Idempotency-Key</c> at most once (<see cref="IdempotencyStore"/>); and turns a refused request
/// (<see cref="EngageException"/>) into the contract's error body. Anything else is a bug: logged, answered 500 with
/// no internal detail.
/// </summary>
public sealed class HttpApi(Authenticator authenticator, RateLimiter limiter, IdempotencyStore idempotency, ILogger<HttpApi> logger)
{
    /// <summary>Runs an authenticated call whose result is serialised as JSON with status 200.</summary>
    /// <remarks>A POST, PUT, PATCH or DELETE still reads its parameters, so its token may come in a JSON or form body.</remarks>
    public Task<IActionResult> RunAsync(HttpRequest request, Func<Caller, CancellationToken, Task<object>> call) =>
        ExecuteAsync(request, IsWrite(request), (caller, _, ct) => call(caller, ct));

    /// <summary>Runs an authenticated write: parameters from the query string, a form or a JSON body.</summary>
    public Task<IActionResult> RunWriteAsync(HttpRequest request, Func<Caller, ApiParameters, CancellationToken, Task<object>> call) =>
        ExecuteAsync(request, readParameters: true, call);

    /// <summary>Runs an unauthenticated call (the Send API authenticates by signature).</summary>
    public async Task<IActionResult> HandleAsync(Func<Task<IActionResult>> call)
    {
        try
        {
            return await call();
        }
        catch (EngageException e)
        {
            return ContractResult.Error(e.Status, e.Error, e.Message);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (TableLimitException e)
        {
            // Refused before anything was sent, so nothing was written: a value too large for one stored row.
            logger.LogWarning(e, "A write would exceed a Table service limit");
            return ContractResult.Error(StatusCodes.Status422UnprocessableEntity, "too_large", "A value of the request is too large to store; shorten it.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error");
            return ContractResult.Error(StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred.");
        }
    }

    private static bool IsWrite(HttpRequest request) => !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));

    private async Task<IActionResult> ExecuteAsync(HttpRequest request, bool readParameters, Func<Caller, ApiParameters, CancellationToken, Task<object>> call)
    {
        RateLimitDecision? rate = null;
        var replayed = false;
        var result = await HandleAsync(async () =>
        {
            var ct = request.HttpContext.RequestAborted;
            var parameters = readParameters ? await ParameterReader.ReadAsync(request, ct) : new ApiParameters();
            var caller = await authenticator.AuthenticateAsync(ApiRequest.AccessToken(request) ?? parameters.String("access_token"), ct);
            var tokenHash = caller.Token!.PartitionKey;
            rate = await limiter.AcquireAsync(tokenHash, ct);
            if (rate is { Allowed: false } refused)
            {
                throw EngageException.TooMany($"More than {refused.Headers.Limit} requests a minute with this access token; retry in {refused.Headers.ResetSeconds} s.");
            }
            if ((ApiRequest.Param(request, "impersonated_user_id") ?? parameters.String("impersonated_user_id")) is { } impersonated)
            {
                caller = await authenticator.ImpersonateAsync(caller, impersonated, ct);
            }
            var key = request.Headers[IdempotencyRules.HeaderName];
            if (!HttpMethods.IsPost(request.Method) || key.Count == 0) return Answer(await call(caller, parameters, ct));
            var fingerprint = IdempotencyRules.Fingerprint(request.Method, request.Path.Value ?? string.Empty, parameters);
            var (answer, isReplay) = await idempotency.RunAsync(tokenHash, key.ToString(), fingerprint, () => AnswerAsync(() => call(caller, parameters, ct)), ct);
            replayed = isReplay;
            return ContractResult.Json(answer.Status, answer.Json);
        });
        return new HeadersResult(result, rate?.Headers, replayed);
    }

    // 200, or 201 for a Created result; a Versioned result carries its ETag header.
    private static ContractResult Answer(object body) => body switch
    {
        Created created => new ContractResult(StatusCodes.Status201Created, created.Body),
        Versioned versioned => new ContractResult(StatusCodes.Status200OK, versioned.Body) { ETag = versioned.ETag },
        _ => ContractResult.Ok(body),
    };

    /// <summary>Runs a call to its answer as stored for idempotency: 200 with the body, or a refusal's status and error body.</summary>
    private static async Task<StoredAnswer> AnswerAsync(Func<Task<object>> call)
    {
        try
        {
            var body = await call();
            var status = body is Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
            if (body is Created created) body = created.Body;
            if (body is Versioned versioned) body = versioned.Body;
            return new StoredAnswer(status, JsonSerializer.Serialize(body, body.GetType(), ContractJson.Options));
        }
        catch (EngageException e)
        {
            return new StoredAnswer(e.Status, JsonSerializer.Serialize(new ErrorView(e.Error, e.Message, e.Status), ContractJson.Options));
        }
    }

    /// <summary>Adds the rate-limit headers (names of the IETF httpapi draft "RateLimit header fields", values in seconds), <c>Retry-After</c> on a 429, and the replay marker.</summary>
    private sealed class HeadersResult(IActionResult inner, RateLimitHeaders? rate, bool replayed) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var headers = context.HttpContext.Response.Headers;
            if (rate is { } r)
            {
                headers["RateLimit-Limit"] = r.Limit.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Remaining"] = r.Remaining.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Reset"] = r.ResetSeconds.ToString(CultureInfo.InvariantCulture);
                if (inner is ContractResult { Status: StatusCodes.Status429TooManyRequests }) headers.RetryAfter = r.ResetSeconds.ToString(CultureInfo.InvariantCulture);
            }
            if (replayed) headers[IdempotencyRules.ReplayedHeaderName] = "true";
            return inner.ExecuteResultAsync(context);
        }
    }
}
