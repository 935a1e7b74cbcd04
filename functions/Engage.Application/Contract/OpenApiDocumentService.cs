using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Engage.Application.Contract;

/// <summary>Where the contract comes from, and what the app serves: the Functions layer fills it in.</summary>
/// <param name="OpenContract">Opens <c>openapi.yaml</c> (the caller disposes the stream).</param>
/// <param name="Implemented">The operations under <c>/1.0</c> that the app's HTTP functions serve.</param>
public sealed record ContractSource(Func<Stream> OpenContract, IReadOnlyList<ApiOperation> Implemented);

/// <summary>
/// Builds the OpenAPI document served at <c>GET /1.0/openapi.json</c>: the contract (<c>openapi.yaml</c>) filtered to
/// the operations this app implements, with only the components they reference, plus our extensions
/// (<see cref="ContractExtensions"/>) and what we add to the contract's operations (<see cref="ContractAdditions"/>), marked
/// <c>x-engage-extension: true</c>. Nothing in it is written by hand but
/// the extensions' one-line summaries. Built once per process, on first use (about 100 ms); the answer is
/// OpenAPI 3.0 JSON like the file.
/// </summary>
public sealed class OpenApiDocumentService(ContractSource source)
{
    private readonly Lazy<string> _json = new(() => Build(source));

    /// <summary>The document as OpenAPI 3.0 JSON.</summary>
    public string Json => _json.Value;

    private static string Build(ContractSource source)
    {
        OpenApiDocument contract;
        using (var stream = source.OpenContract()) contract = ContractDocument.Load(stream);
        var implemented = source.Implemented.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var document = OpenApiFilterService.CreateFilteredDocument(contract,
            (path, method, _) => implemented.Contains(new ApiOperation(method.Method, path).Key));
        document.Info = contract.Info;
        document.Info.Description = (contract.Info.Description + "\n\n").TrimStart() +
            "The operations of the Engage Digital REST API description (MIT licence; Copyright (c) 2019-2021 " +
            "RingCentral, Inc., Copyright (c) 2015-2018 Dimelo) that this Engage Functions server implements, " +
            "plus its own extensions (marked x-engage-extension).";
        document.Info.License = new OpenApiLicense { Name = "MIT" };
        // Relative to this server: the contract's URL names the reference platform's hosts.
        document.Servers = [new OpenApiServer { Url = "/1.0", Description = "This server" }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = contract.Components?.SecuritySchemes;
        document.Security = contract.Security;
        foreach (var (operation, summary) in ContractExtensions.All.Where(e => implemented.Contains(e.Operation.Key)))
        {
            AddExtension(document, operation, summary);
        }
        ContractAdditions.Apply(document);
        using var writer = new StringWriter();
        document.SerializeAsV3(new OpenApiJsonWriter(writer, new OpenApiJsonWriterSettings { Terse = true }));
        return writer.ToString();
    }

    private static void AddExtension(OpenApiDocument document, ApiOperation operation, string summary)
    {
        if (!document.Paths.TryGetValue(operation.Path, out var item))
        {
            item = new OpenApiPathItem();
            document.Paths[operation.Path] = item;
        }
        var pathItem = (OpenApiPathItem)item;
        pathItem.Operations ??= [];
        pathItem.Operations[new HttpMethod(operation.Method)] = new OpenApiOperation
        {
            Summary = summary,
            Description = "An Engage Functions extension: the Engage Digital API has no such operation (README, \"Extensions to the contract\").",
            Parameters = operation.PathParameters.Select(name => (IOpenApiParameter)new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            }).ToList(),
            Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Description = "Success" } },
            Extensions = new Dictionary<string, IOpenApiExtension> { ["x-engage-extension"] = new JsonNodeExtension(JsonValue.Create(true)) },
        };
    }
}
