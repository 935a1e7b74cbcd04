using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;

namespace Engage.IntegrationTests.Api.Conformance;

/// <summary>
/// JSON Schemas (2020-12) made from the contract's OpenAPI schemas, with no schema written by hand. Microsoft.OpenApi
/// writes each <c>components/schemas</c> entry as OpenAPI 3.1, whose Schema Object is JSON Schema 2020-12 (it turns
/// the 3.0 <c>nullable</c> into a <c>"null"</c> type, <c>example</c> into <c>examples</c>); every
/// <c>#/components/schemas/X</c> reference becomes <c>#/$defs/X</c>, and an operation's response schema becomes the
/// root of a document that carries all of them in <c>$defs</c>. The one change to the contract: the fields the
/// README's table says we answer null (<see cref="ReadmeContractTable"/>) also accept null, each one named there.
/// </summary>
internal sealed class ContractSchemas
{
    private const string ComponentPrefix = "#/components/schemas/";
    private readonly JsonObject _defs = new();

    public ContractSchemas(OpenApiDocument document, IEnumerable<(string Schema, string Field)> nullable)
    {
        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            _defs[name] = ToJsonSchema(schema);
        }
        foreach (var (schema, field) in nullable)
        {
            var properties = _defs[schema]?["properties"]?.AsObject() ?? throw new InvalidOperationException($"{schema} has no properties");
            var original = properties[field] ?? throw new InvalidOperationException($"{schema}.{field} is not in the contract");
            properties[field] = new JsonObject { ["anyOf"] = new JsonArray(original.DeepClone(), new JsonObject { ["type"] = "null" }) };
        }
    }

    /// <summary>The converted <c>components/schemas</c> entry <paramref name="name"/> (for tests of this class).</summary>
    public JsonNode? Component(string name) => _defs[name];

    /// <summary>A JSON Schema document whose root is <paramref name="schema"/> (a response schema of the contract).</summary>
    public JsonSchema Build(IOpenApiSchema schema) => Build(ToJsonSchema(schema).AsObject());

    /// <summary>A JSON Schema document whose root is the component <paramref name="name"/>.</summary>
    public JsonSchema BuildComponent(string name) => Build(new JsonObject { ["$ref"] = "#/$defs/" + name });

    private JsonSchema Build(JsonObject root)
    {
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _defs.DeepClone();
        // Each build in its own registry: the documents have no $id and must not meet in the global one.
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>Validates <paramref name="instance"/>; returns one line per failing keyword (empty when valid).</summary>
    public static IReadOnlyList<string> Errors(JsonSchema schema, JsonElement instance)
    {
        // date-time is checked too: the contract's times must be RFC 3339.
        var results = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid) return [];
        var details = results.Details ?? [];
        // A failed branch under a passing anyOf is not a failure: drop what lies under any node that passed.
        var passed = details.Where(d => d.IsValid).Select(d => d.EvaluationPath.ToString() + "/").ToList();
        return details
            .Where(d => d.Errors is { Count: > 0 } && !passed.Any(p => d.EvaluationPath.ToString().StartsWith(p, StringComparison.Ordinal)))
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.SchemaLocation}): {e.Key} {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    private static JsonNode ToJsonSchema(IOpenApiSchema schema)
    {
        using var text = new StringWriter();
        schema.SerializeAsV31(new OpenApiJsonWriter(text));
        var node = JsonNode.Parse(text.ToString())!;
        RewriteReferences(node);
        return node;
    }

    private static void RewriteReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var target) && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                {
                    o["$ref"] = "#/$defs/" + target[ComponentPrefix.Length..];
                }
                foreach (var (_, child) in o.ToList()) RewriteReferences(child);
                break;
            case JsonArray a:
                foreach (var child in a) RewriteReferences(child);
                break;
        }
    }
}
