using System.Reflection;
using System.Text;
using System.Text.Json;
using Engage.Application.Contract;
using Engage.Functions.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Engage.IntegrationTests.Api.Conformance;

/// <summary>
/// Conformance to the contract, <c>openapi.yaml</c> (the copy the app ships): the operations we serve, the schemas
/// of their answers, the fields they carry, the README's table of the fields we answer differently, and the
/// document served at <c>GET /1.0/openapi.json</c>.
/// </summary>
public sealed class ConformanceTests(ConformanceFixture app) : IClassFixture<ConformanceFixture>
{
    private static readonly Lazy<OpenApiDocument> Contract = new(() =>
    {
        using var stream = ContractFile.Open();
        return ContractDocument.Load(stream);
    });

    private static readonly Lazy<IReadOnlyList<ContractFieldRow>> Table = new(() => ReadmeContractTable.Read(ReadmeContractTable.ReadmePath()));

    /// <summary>Every <c>[HttpTrigger]</c> route under <c>1.0/</c> of the Functions assembly, read here by reflection.</summary>
    private static IReadOnlyList<ApiOperation> Implemented() =>
        (from type in typeof(ContractFile).Assembly.GetTypes()
         from method in type.GetMethods()
         where method.GetCustomAttribute<FunctionAttribute>() is not null
         from parameter in method.GetParameters()
         let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
         where trigger?.Route?.StartsWith("1.0/", StringComparison.Ordinal) == true
         from verb in trigger.Methods!
         select new ApiOperation(verb.ToUpperInvariant(), trigger.Route![3..])).ToList();

    private static Dictionary<string, OpenApiOperation> ContractOperations() =>
        ContractDocument.Operations(Contract.Value).ToDictionary(o => o.Operation.Key, o => o.Description, StringComparer.Ordinal);

    private static IOpenApiSchema? ResponseSchema(OpenApiOperation operation) =>
        (operation.Responses?.TryGetValue("200", out var ok) == true || operation.Responses?.TryGetValue("201", out ok) == true)
            && ok!.Content?.TryGetValue("application/json", out var media) == true ? media.Schema : null;

    /// <summary>The contract operations we implement, with their 200 schema.</summary>
    private static IEnumerable<(string Key, IOpenApiSchema Schema)> ImplementedContractOperations()
    {
        var contract = ContractOperations();
        foreach (var key in Implemented().Select(o => o.Key).Distinct())
        {
            if (contract.TryGetValue(key, out var operation) && ResponseSchema(operation) is { } schema) yield return (key, schema);
        }
    }

    [Fact]
    public void Every_route_under_1_0_is_a_contract_operation_or_a_listed_extension_and_every_extension_is_served_and_ours()
    {
        var implemented = Implemented().Select(o => o.Key).ToHashSet();
        var contract = ContractOperations().Keys.ToHashSet();
        var extensions = ContractExtensions.All.Select(e => e.Operation.Key).ToList();

        Assert.True(implemented.Count > 50, $"only {implemented.Count} routes found: the reflection is broken");
        Assert.Empty(implemented.Where(k => !contract.Contains(k) && !extensions.Contains(k)).Order());
        Assert.Empty(extensions.Where(k => !implemented.Contains(k)).ToList());
        Assert.Empty(extensions.Where(contract.Contains).ToList());
        Assert.Equal(extensions.Count, extensions.Distinct().Count());
        // Every contract operation we serve has a JSON 200 schema to validate against.
        Assert.Empty(implemented.Where(k => contract.Contains(k) && ResponseSchema(ContractOperations()[k]) is null).ToList());
    }

    [Fact]
    public void Every_implemented_operation_was_driven()
    {
        Assert.Empty(Implemented().Select(o => o.Key).Distinct().Where(k => !app.Answers.ContainsKey(k)).Order());
    }

    [Fact]
    public void Every_answer_matches_its_operation_schema_in_the_contract()
    {
        var schemas = new ContractSchemas(Contract.Value, Table.Value.Where(r => r.Answer == ContractFieldRow.NullWhenUnset).Select(r => (r.Schema, r.Field)));
        var failures = new StringBuilder();
        var checkedAnswers = 0;
        foreach (var (key, schema) in ImplementedContractOperations())
        {
            var jsonSchema = schemas.Build(schema);
            foreach (var answer in app.Answers.GetValueOrDefault(key) ?? [])
            {
                checkedAnswers++;
                foreach (var error in ContractSchemas.Errors(jsonSchema, answer)) failures.AppendLine($"{key} {error}");
            }
        }
        Assert.True(checkedAnswers > 60, $"only {checkedAnswers} answers checked");
        Assert.True(failures.Length == 0, failures.ToString());
    }

    [Fact]
    public void The_conversion_keeps_the_contract_types_and_turns_references_into_defs()
    {
        var schemas = new ContractSchemas(Contract.Value, []);
        var list = schemas.BuildComponent("GetAllThreadsResponse");
        using var good = JsonDocument.Parse("""{"count":1,"offset":0,"limit":30,"records":[{"id":"a","closed":false,"created_at":"2012-05-21T01:15:28Z"}]}""");
        Assert.Empty(ContractSchemas.Errors(list, good.RootElement));
        // The checks bite: a string for a boolean, a null for a string, a time that is not RFC 3339.
        using var wrongType = JsonDocument.Parse("""{"records":[{"id":"a","closed":"no"}]}""");
        using var nullId = JsonDocument.Parse("""{"records":[{"id":null}]}""");
        using var badTime = JsonDocument.Parse("""{"records":[{"id":"a","created_at":"21/05/2012"}]}""");
        Assert.NotEmpty(ContractSchemas.Errors(list, wrongType.RootElement));
        Assert.NotEmpty(ContractSchemas.Errors(list, nullId.RootElement));
        Assert.NotEmpty(ContractSchemas.Errors(list, badTime.RootElement));
        Assert.Equal("#/$defs/Thread", schemas.Component("GetAllThreadsResponse")!["properties"]!["records"]!["items"]!["$ref"]!.GetValue<string>());
        // A README "null when unset" row lets exactly that field be null.
        var relaxed = new ContractSchemas(Contract.Value, [("Thread", "title")]).BuildComponent("Thread");
        using var nullTitle = JsonDocument.Parse("""{"id":"a","title":null}""");
        using var nullForeignId = JsonDocument.Parse("""{"id":"a","foreign_id":null}""");
        Assert.Empty(ContractSchemas.Errors(relaxed, nullTitle.RootElement));
        Assert.NotEmpty(ContractSchemas.Errors(relaxed, nullForeignId.RootElement));
    }

    [Fact]
    public void Every_documented_field_is_answered_or_listed_as_not_supported_and_the_README_table_matches_reality()
    {
        var seen = new Dictionary<(string Schema, string Field), FieldSeen>();
        foreach (var (key, schema) in ImplementedContractOperations())
        {
            foreach (var answer in app.Answers.GetValueOrDefault(key) ?? []) Walk(schema, answer, key, seen);
        }
        var rows = Table.Value.ToDictionary(r => (r.Schema, r.Field));
        var problems = new List<string>();
        foreach (var ((schema, field), s) in seen.OrderBy(p => p.Key))
        {
            rows.TryGetValue((schema, field), out var row);
            if (s.Present < s.Instances && row?.Answer != ContractFieldRow.NotSupported)
            {
                problems.Add($"{schema}.{field}: missing in {s.Instances - s.Present} of {s.Instances} answers and not listed as not supported in the README");
            }
            if (row?.Answer == ContractFieldRow.NotSupported && s.Present > 0)
            {
                problems.Add($"{schema}.{field}: listed as not supported in the README but answered {s.Present} times");
            }
        }
        var components = Contract.Value.Components!.Schemas!;
        foreach (var row in Table.Value)
        {
            if (!components.TryGetValue(row.Schema, out var schema) || schema.Properties?.ContainsKey(row.Field) != true)
            {
                problems.Add($"README row {row.Schema}.{row.Field}: the contract has no such field");
                continue;
            }
            if (!seen.TryGetValue((row.Schema, row.Field), out var s))
            {
                problems.Add($"README row {row.Schema}.{row.Field}: no answer of an implemented operation holds a {row.Schema}");
                continue;
            }
            var type = schema.Properties[row.Field].Type;
            if (row.Answer == ContractFieldRow.NullWhenUnset && type is { } t && t.HasFlag(JsonSchemaType.Null))
            {
                problems.Add($"README row {row.Schema}.{row.Field}: the contract already allows null");
            }
            if (row.Answer == ContractFieldRow.NullWhenUnset && s.Null == 0)
            {
                problems.Add($"README row {row.Schema}.{row.Field}: listed as null when unset, but never answered null here");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_served_document_parses_and_holds_exactly_the_implemented_operations()
    {
        Assert.StartsWith("application/json", app.ServedContentType);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(app.ServedDocument));
        var served = ContractDocument.Load(stream);
        var operations = ContractDocument.Operations(served).ToList();
        Assert.Equal(Implemented().Select(o => o.Key).Distinct().Order(), operations.Select(o => o.Operation.Key).Order());

        var contract = ContractOperations();
        foreach (var (operation, description) in operations)
        {
            var extension = description.Extensions?.ContainsKey("x-engage-extension") == true;
            Assert.True(extension != contract.ContainsKey(operation.Key), $"{operation}: extension mark is wrong");
            // Every path parameter is declared, so generators accept the document.
            Assert.Equal(operation.PathParameters.Order(), (description.Parameters ?? []).Concat(served.Paths[operation.Path].Parameters ?? [])
                .Where(p => p.In == ParameterLocation.Path).Select(p => p.Name!).Distinct().Order());
        }
        // Only what the kept operations reference: the contract's other schemas are left out, and every reference resolves.
        var kept = served.Components?.Schemas?.Keys.ToHashSet() ?? [];
        Assert.Contains("Thread", kept);
        Assert.DoesNotContain("Topology", kept);
        Assert.DoesNotContain("#/components/schemas/Topology", app.ServedDocument);
        foreach (var (operation, description) in operations.Where(o => contract.ContainsKey(o.Operation.Key)))
        {
            Assert.Equal(JsonSerializer.Serialize(SchemaJson(ResponseSchema(contract[operation.Key])!)), JsonSerializer.Serialize(SchemaJson(ResponseSchema(description)!)));
        }
        Assert.Equal("/1.0", Assert.Single(served.Servers!).Url);
    }

    [Fact]
    public void The_served_document_describes_cursors_the_changes_feed_idempotency_keys_and_the_rate_limit_on_contract_operations()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(app.ServedDocument));
        var served = ContractDocument.Load(stream);
        var operations = ContractDocument.Operations(served).ToDictionary(o => o.Operation.Key, o => o.Description);
        static bool Ours(IOpenApiExtensible e) => e.Extensions?.ContainsKey("x-engage-extension") == true;
        IReadOnlyList<string> Added(string method, string path, ParameterLocation location) =>
            (operations[new ApiOperation(method, path).Key].Parameters ?? []).Where(p => p.In == location && Ours((IOpenApiExtensible)p)).Select(p => p.Name!).Order().ToList();

        Assert.Equal(["cursor", "updated_since"], Added("GET", "/content_threads", ParameterLocation.Query));
        Assert.Equal(["cursor", "updated_since"], Added("GET", "/contents", ParameterLocation.Query));
        Assert.Equal(["cursor"], Added("GET", "/interventions", ParameterLocation.Query));
        Assert.Equal(["Idempotency-Key"], Added("POST", "/contents", ParameterLocation.Header));
        Assert.Empty(Added("GET", "/contents/{contentId}", ParameterLocation.Query));
        foreach (var (key, description) in operations.Where(o => o.Key != new ApiOperation("GET", "/openapi.json").Key))
        {
            Assert.True(description.Responses?.TryGetValue("429", out var limited) == true && limited.Headers!.ContainsKey("Retry-After"), $"{key}: no 429 with Retry-After");
        }
        var threads = served.Components!.Schemas!["GetAllThreadsResponse"];
        Assert.True(threads.Properties!.TryGetValue("next_cursor", out var next) && Ours((IOpenApiExtensible)next), "the thread list answer has no next_cursor");
    }

    private static string SchemaJson(IOpenApiSchema schema)
    {
        using var writer = new StringWriter();
        schema.SerializeAsV3(new OpenApiJsonWriter(writer));
        return writer.ToString();
    }

    private sealed class FieldSeen
    {
        public int Instances;
        public int Present;
        public int Null;
    }

    /// <summary>Counts, for every documented property of every object in the answer, how often it is there and null.</summary>
    private static void Walk(IOpenApiSchema schema, JsonElement json, string owner, Dictionary<(string, string), FieldSeen> seen)
    {
        var name = (schema as OpenApiSchemaReference)?.Reference.Id ?? owner;
        if (json.ValueKind == JsonValueKind.Array && schema.Items is { } items)
        {
            foreach (var element in json.EnumerateArray()) Walk(items, element, name + "[]", seen);
            return;
        }
        if (json.ValueKind != JsonValueKind.Object || schema.Properties is not { Count: > 0 } properties) return;
        foreach (var (field, fieldSchema) in properties)
        {
            if (!seen.TryGetValue((name, field), out var s)) seen[(name, field)] = s = new FieldSeen();
            s.Instances++;
            if (!json.TryGetProperty(field, out var value)) continue;
            s.Present++;
            if (value.ValueKind == JsonValueKind.Null) s.Null++;
            else Walk(fieldSchema, value, $"{name}.{field}", seen);
        }
    }
}
