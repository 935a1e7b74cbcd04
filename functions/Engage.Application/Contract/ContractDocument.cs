using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Engage.Application.Contract;

/// <summary>
/// Reads the contract, <c>openapi.yaml</c> (OpenAPI 3.0, MIT licence, <c>LICENSE.openapi</c> beside it), with
/// Microsoft.OpenApi. The Functions app ships the file as an embedded resource; see
/// <c>Engage.Functions.Http.ContractFile</c>.
/// </summary>
public static class ContractDocument
{
    /// <summary>
    /// Parses a YAML (or JSON) OpenAPI document. Throws <see cref="InvalidDataException"/> when the reader reports
    /// errors: a contract we cannot read must fail loudly, not serve half a document.
    /// </summary>
    public static OpenApiDocument Load(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        buffer.Position = 0;
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        var (document, diagnostic) = OpenApiDocument.Load(buffer, format: null, settings);
        if (document is null || diagnostic?.Errors.Count > 0)
        {
            var errors = diagnostic?.Errors.Select(e => $"{e.Pointer}: {e.Message}") ?? [];
            throw new InvalidDataException("The OpenAPI document cannot be read: " + string.Join("; ", errors));
        }
        return document;
    }

    /// <summary>Every operation the document describes, with its path relative to the server URL (<c>/1.0</c>).</summary>
    public static IEnumerable<(ApiOperation Operation, OpenApiOperation Description)> Operations(OpenApiDocument document) =>
        from path in document.Paths
        from operation in path.Value.Operations ?? []
        select (new ApiOperation(operation.Key.Method.ToUpperInvariant(), path.Key), operation.Value);
}
