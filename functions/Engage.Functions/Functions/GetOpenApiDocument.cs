using Engage.Application.Contract;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>
/// <c>GET /1.0/openapi.json</c>: the OpenAPI 3.0 document of what this server implements (the contract's operations
/// we serve plus our extensions), from <see cref="OpenApiDocumentService"/>.
/// </summary>
public sealed class GetOpenApiDocument(OpenApiDocumentService documents, HttpApi http)
{
    /// <summary>
    /// Answers the document with no authentication: it is the public contract (published under MIT) cut down to the
    /// routes this server has, the same for every caller, with no data of any account in it, and API tooling and
    /// code generators fetch it before they hold a token.
    /// </summary>
    [Function(nameof(GetOpenApiDocument))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "1.0/openapi.json")] HttpRequest req) =>
        http.HandleAsync(() => Task.FromResult<IActionResult>(ContractResult.OkJson(documents.Json)));
}
