using System.Text.Json;
using Engage.Application.Diagnostics;
using Engage.Application.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Http;

/// <summary>
/// Writes a body as the contract's JSON (<see cref="ContractJson"/>) or as plain text, with its status. When
/// <c>Engage:ExposeOperationCounts</c> is true, adds <c>X-Engage-Operations</c> with the storage operations the
/// request cost (<see cref="OperationScope"/>), for tests and benchmarks.
/// </summary>
public sealed class ContractResult(int status, object? body, string? text = null, string textType = "text/plain; charset=utf-8", string? json = null) : IActionResult
{
    /// <summary>The HTTP status.</summary>
    public int Status => status;

    /// <summary>The <c>ETag</c> header to send, if any (see <see cref="Versioned"/>).</summary>
    public string? ETag { get; init; }

    /// <summary>Header carrying the operation counts.</summary>
    public const string OperationsHeader = "X-Engage-Operations";

    /// <summary>200 with a JSON body.</summary>
    public static ContractResult Ok(object body) => new(StatusCodes.Status200OK, body);

    /// <summary>200 with a text body (the Send API answers <c>ok</c>).</summary>
    public static ContractResult OkText(string text) => new(StatusCodes.Status200OK, null, text);

    /// <summary>200 with a body that is already JSON text (the OpenAPI document).</summary>
    public static ContractResult OkJson(string json) => new(StatusCodes.Status200OK, null, json, "application/json; charset=utf-8");

    /// <summary>The contract's error body with the same status.</summary>
    public static ContractResult Error(int status, string error, string message) => new(status, new ErrorView(error, message, status));

    /// <summary>An answer already serialised as the contract's JSON (a replayed idempotent answer).</summary>
    public static ContractResult Json(int status, string json) => new(status, null, json: json);

    /// <inheritdoc />
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = status;
        if (ETag is not null) response.Headers.ETag = ETag;
        var configuration = context.HttpContext.RequestServices.GetService<IConfiguration>();
        if (configuration?.GetValue<bool>("Engage:ExposeOperationCounts") == true && OperationScope.Current is { } scope)
        {
            response.Headers[OperationsHeader] = scope.ToString();
        }
        if (text is not null)
        {
            response.ContentType = textType;
            await response.WriteAsync(text);
            return;
        }
        response.ContentType = "application/json; charset=utf-8";
        if (json is not null)
        {
            await response.WriteAsync(json);
            return;
        }
        await JsonSerializer.SerializeAsync(response.Body, body, body?.GetType() ?? typeof(object), ContractJson.Options, context.HttpContext.RequestAborted);
    }
}
