using Engage.Application.Auth;
using Engage.Domain.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Http;

/// <summary>
/// The one place where HTTP meets the application layer: authenticates the caller, runs the use case, and
/// turns a refused request (<see cref="EngageException"/>) into the contract's error body. Anything else is a
/// bug: logged, answered 500 with no internal detail.
/// </summary>
public sealed class HttpApi(Authenticator authenticator, ILogger<HttpApi> logger)
{
    /// <summary>Runs an authenticated call whose result is serialised as JSON with status 200.</summary>
    public Task<IActionResult> RunAsync(HttpRequest request, Func<Caller, CancellationToken, Task<object>> call) =>
        HandleAsync(async () =>
        {
            var ct = request.HttpContext.RequestAborted;
            var caller = await authenticator.AuthenticateAsync(ApiRequest.AccessToken(request), ct);
            if (ApiRequest.Param(request, "impersonated_user_id") is { } impersonated)
            {
                caller = await authenticator.ImpersonateAsync(caller, impersonated, ct);
            }
            return ContractResult.Ok(await call(caller, ct));
        });

    /// <summary>Runs an authenticated write: parameters from the query string, a form or a JSON body.</summary>
    public Task<IActionResult> RunWriteAsync(HttpRequest request, Func<Caller, ApiParameters, CancellationToken, Task<object>> call) =>
        RunAsync(request, async (caller, ct) => await call(caller, await ParameterReader.ReadAsync(request, ct), ct));

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
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error");
            return ContractResult.Error(StatusCodes.Status500InternalServerError, "internal_error", "An unexpected error occurred.");
        }
    }
}
