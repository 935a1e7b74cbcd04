using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Engage.Application.Contract;

/// <summary>
/// What this server adds to the contract's own operations, written into the served document so generated clients know
/// of it (README, "Extensions to the contract"); each addition is marked <c>x-engage-extension: true</c>:
/// <list type="bullet">
/// <item>every list (a GET with a <c>limit</c> parameter): the <c>cursor</c> parameter, and <c>next_cursor</c> on every
/// answer schema with <c>records</c> and <c>count</c>;</item>
/// <item><c>GET /content_threads</c> and <c>GET /contents</c>: <c>updated_since</c> (ISO 8601);</item>
/// <item>every POST: the <c>Idempotency-Key</c> header (a repeat within 24 hours answers the first answer);</item>
/// <item>every operation but this document's: the 429 answer of the rate limit (500 requests a minute per token),
/// with <c>Retry-After</c> and <c>RateLimit-*</c>.</item>
/// </list>
/// </summary>
public static class ContractAdditions
{
    private static readonly HashSet<string> ChangesFeeds = new(StringComparer.Ordinal) { "/content_threads", "/contents" };

    /// <summary>Adds the parameters, answers and fields above to <paramref name="document"/> (the filtered contract).</summary>
    public static void Apply(OpenApiDocument document)
    {
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (path == "/openapi.json") continue;
                operation.Parameters ??= [];
                if (method == HttpMethod.Get && operation.Parameters.Any(p => p.Name == "limit" && p.In == ParameterLocation.Query))
                {
                    operation.Parameters.Add(Query("cursor", "Resumes a list where the answer's next_cursor left it (same filters; valid 24 hours). Takes the place of offset.", JsonSchemaType.String, format: null));
                }
                if (method == HttpMethod.Get && ChangesFeeds.Contains(path))
                {
                    operation.Parameters.Add(Query("updated_since", "Only records changed at or after this time (ISO 8601): the changes feed.", JsonSchemaType.String, "date-time"));
                }
                if (method == HttpMethod.Post)
                {
                    operation.Parameters.Add(Marked(new OpenApiParameter
                    {
                        Name = "Idempotency-Key", In = ParameterLocation.Header, Required = false,
                        Description = "A repeat with the same key, token and body within 24 hours answers the first answer (Idempotent-Replayed: true); another body is 422, a repeat while the first runs 409.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    }));
                }
                operation.Responses ??= [];
                operation.Responses["429"] = new OpenApiResponse
                {
                    Description = "Rate limited: more than 500 requests in a minute with this token. Retry-After gives the seconds to wait.",
                    Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = Header("Seconds until a request is admitted again."),
                        ["RateLimit-Limit"] = Header("Requests admitted per window."),
                        ["RateLimit-Remaining"] = Header("Requests left in this window."),
                        ["RateLimit-Reset"] = Header("Seconds until the window resets."),
                    },
                    Extensions = Mark(),
                };
            }
        }
        foreach (var schema in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
        {
            if (schema.Properties is { } properties && properties.ContainsKey("records") && properties.ContainsKey("count") && !properties.ContainsKey("next_cursor"))
            {
                properties["next_cursor"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String | JsonSchemaType.Null,
                    Description = "Pass as cursor for the next page; null on the last page.",
                    Extensions = Mark(),
                };
            }
        }
    }

    private static OpenApiParameter Query(string name, string description, JsonSchemaType type, string? format) => Marked(new OpenApiParameter
    {
        Name = name, In = ParameterLocation.Query, Required = false, Description = description,
        Schema = new OpenApiSchema { Type = type, Format = format },
    });

    private static OpenApiHeader Header(string description) => new() { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } };

    private static OpenApiParameter Marked(OpenApiParameter parameter)
    {
        parameter.Extensions = Mark();
        return parameter;
    }

    private static Dictionary<string, IOpenApiExtension> Mark() => new() { ["x-engage-extension"] = new JsonNodeExtension(JsonValue.Create(true)) };
}
