using System.Globalization;
using System.Text.Json.Nodes;
using static Engage.InfraTests.Arm.ArmExpression;

namespace Engage.InfraTests.Arm;

/// <summary>A resource the template deploys (nested deployments flattened, copy loops expanded, conditions applied).</summary>
/// <param name="Type">Resource type, e.g. <c>Microsoft.Storage/storageAccounts/tableServices/tables</c>.</param>
/// <param name="Name">Full name, segments separated by <c>/</c>, with <see cref="Opaque"/> parts shown as <c>⟨...⟩</c>.</param>
/// <param name="Json">The resource as compiled.</param>
/// <param name="Scope">Where its expressions are evaluated.</param>
/// <param name="CopyIndex">Index in its copy loop, if any.</param>
public sealed record DeployedResource(string Type, string Name, JsonObject Json, ArmScope Scope, long? CopyIndex)
{
    /// <summary>Resource id in the form <c>Type/segments/name</c> (no subscription or group), as <c>resourceId()</c> gives here.</summary>
    public string Id => ArmScope.ResourceId(Type, ArmScope.SplitName(Name));

    /// <summary>The last segment of the name (a table's or queue's own name).</summary>
    public string LeafName => ArmScope.SplitName(Name)[^1];

    /// <summary>Evaluates a property of this resource (expressions resolved as far as they can be before deployment).</summary>
    public object? Evaluate(JsonNode? node) => Scope.Evaluate(node, CopyIndex);

    /// <summary>Evaluates the property at a dotted path under the resource (<c>properties.siteConfig.appSettings</c>).</summary>
    public object? EvaluatePath(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? FindProperty(o, part) : null;
            if (node is null) return null;
        }
        return Evaluate(node);
    }

    private static JsonNode? FindProperty(JsonObject o, string name) =>
        o.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// One template (the root or a nested deployment's) with its parameter values: evaluates its expressions and
/// lists what it deploys. Nested deployments use inner scope (as Bicep modules do): their parameters are
/// evaluated in the parent and their outputs resolve <c>reference(deployment).outputs.x.value</c> in the parent.
/// </summary>
public sealed class ArmScope
{
    private readonly JsonObject _template;
    private readonly Func<string, (bool Found, object? Value)> _providedParameter;
    private readonly Dictionary<string, object?> _parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ArmScope?> _deployments = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _evaluating = new(StringComparer.OrdinalIgnoreCase);

    private ArmScope(JsonObject template, Func<string, (bool, object?)> providedParameter)
    {
        _template = template;
        _providedParameter = providedParameter;
    }

    /// <summary>The root template; <paramref name="parameters"/> are values as a parameters file gives them (optional).</summary>
    public static ArmScope Root(JsonObject template, IReadOnlyDictionary<string, object?>? parameters = null) =>
        new(template, name => parameters is not null && parameters.TryGetValue(name, out var v) ? (true, v) : (false, null));

    /// <summary>Every resource the template deploys, nested deployments included (the deployments themselves too).</summary>
    public static IReadOnlyList<DeployedResource> Deployed(JsonObject template, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var result = new List<DeployedResource>();
        Root(template, parameters).Collect(result);
        return result;
    }

    /// <summary>Evaluates a JSON node of this template: expressions in strings (keys included) are evaluated.</summary>
    public object? Evaluate(JsonNode? node, long? copyIndex = null)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray array:
                return array.Select(item => Evaluate(item, copyIndex)).ToList();
            case JsonObject obj:
                var map = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in obj) map[AsText(EvaluateString(key, copyIndex))] = Evaluate(value, copyIndex);
                return map;
            case JsonValue value when value.TryGetValue(out string? s):
                return EvaluateString(s, copyIndex);
            case JsonValue value when value.TryGetValue(out bool b):
                return b;
            case JsonValue value when value.TryGetValue(out long l):
                return l;
            default:
                return node.ToJsonString();
        }
    }

    private object? EvaluateString(string s, long? copyIndex) =>
        IsExpression(s) ? Evaluate(Parse(s[1..^1]), copyIndex) : Unescape(s);

    private object? Evaluate(Node node, long? copyIndex)
    {
        switch (node)
        {
            case Literal literal:
                return literal.Value;
            case Member member:
                return MemberOf(Evaluate(member.Target, copyIndex), member.Name);
            case IndexAccess index:
                return IndexOf(Evaluate(index.Target, copyIndex), Evaluate(index.Key, copyIndex));
            case Call call:
                var args = call.Arguments.Select(a => Evaluate(a, copyIndex)).ToList();
                return Invoke(call.Name, args, copyIndex);
            default:
                throw new InvalidOperationException(node.ToString());
        }
    }

    private object? Invoke(string name, List<object?> args, long? copyIndex)
    {
        var opaque = new Opaque($"{name}({string.Join(", ", args.Select(Render))})");
        bool AnyOpaque() => args.Any(a => a is Opaque);
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return args[0] is string p ? Parameter(p) : opaque;
            case "variables":
                return args[0] is string v ? Variable(v) : opaque;
            case "copyindex":
                if (copyIndex is null) return opaque;
                var offset = args.OfType<long>().FirstOrDefault();
                return copyIndex.Value + offset;
            case "format":
                if (args[0] is not string format) return opaque;
                return string.Format(CultureInfo.InvariantCulture, format, args.Skip(1).Select(AsText).Cast<object>().ToArray());
            case "concat":
                if (args.All(a => a is List<object?>)) return args.Cast<List<object?>>().SelectMany(l => l).ToList();
                return string.Concat(args.Select(AsText));
            case "createarray":
                return args;
            case "createobject":
                var obj = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + 1 < args.Count; i += 2) obj[AsText(args[i])] = args[i + 1];
                return obj;
            case "union" when args.All(a => a is Dictionary<string, object?>):
                var merged = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                foreach (var map in args.Cast<Dictionary<string, object?>>())
                    foreach (var (k, val) in map) merged[k] = val;
                return merged;
            case "length":
                return args[0] switch
                {
                    List<object?> list => (long)list.Count,
                    string s => (long)s.Length,
                    Dictionary<string, object?> map => (long)map.Count,
                    _ => opaque,
                };
            case "tolower":
                return args[0] is string lower ? lower.ToLowerInvariant() : opaque;
            case "toupper":
                return args[0] is string upper ? upper.ToUpperInvariant() : opaque;
            case "string":
                return args[0] is Opaque ? opaque : AsText(args[0]);
            case "if":
                return args[0] is bool condition ? (condition ? args[1] : args[2]) : opaque;
            case "equals":
                return AnyOpaque() ? opaque : Equals(args[0], args[1]);
            case "not":
                return args[0] is bool negated ? !negated : opaque;
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "resourceid":
            case "subscriptionresourceid":
            case "tenantresourceid":
                var typeAt = args.FindIndex(a => a is string s && s.Contains('/') && s.Split('/')[0].Contains('.'));
                if (typeAt < 0) return opaque;
                return ResourceId((string)args[typeAt]!, args.Skip(typeAt + 1).Select(AsText).ToArray());
            case "reference":
                if (args[0] is string symbol && SymbolicResource(symbol) is { } resource)
                {
                    // Language version 2.0: reference('symbol') names a resource of this template.
                    var id = ResourceId(AsText(Evaluate(resource["type"], copyIndex)), SplitName(AsText(Evaluate(resource["name"], copyIndex))));
                    if (DeploymentOutputs(id) is { } moduleOutputs) return moduleOutputs;
                    return new Opaque($"reference({Render(id)}, {Render(AsText(Evaluate(resource["apiVersion"], copyIndex)))})");
                }
                return args[0] is string target && DeploymentOutputs(target) is { } outputs ? outputs : opaque;
            default:
                return opaque;
        }
    }

    private static object? MemberOf(object? target, string name) => target switch
    {
        Dictionary<string, object?> map => map.TryGetValue(name, out var v) ? v : new Opaque($"{Render(target)}.{name}"),
        Opaque o => new Opaque($"{o.Text}.{name}"),
        _ => new Opaque($"{Render(target)}.{name}"),
    };

    private static object? IndexOf(object? target, object? key) => (target, key) switch
    {
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (Dictionary<string, object?> map, string k) when map.TryGetValue(k, out var v) => v,
        _ => new Opaque($"{Render(target)}[{Render(key)}]"),
    };

    private object? Parameter(string name)
    {
        if (_parameters.TryGetValue(name, out var known)) return known;
        if (!_evaluating.Add("p:" + name)) return new Opaque($"parameters('{name}')");
        try
        {
            var (found, value) = _providedParameter(name);
            if (!found)
            {
                var definition = (_template["parameters"] as JsonObject)?[name] as JsonObject;
                value = definition?["defaultValue"] is { } defaultValue ? Evaluate(defaultValue) : new Opaque($"parameters('{name}')");
            }
            _parameters[name] = value;
            return value;
        }
        finally
        {
            _evaluating.Remove("p:" + name);
        }
    }

    private object? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var known)) return known;
        if (!_evaluating.Add("v:" + name)) return new Opaque($"variables('{name}')");
        try
        {
            var definition = (_template["variables"] as JsonObject)?[name];
            var value = definition is null ? new Opaque($"variables('{name}')") : Evaluate(definition);
            _variables[name] = value;
            return value;
        }
        finally
        {
            _evaluating.Remove("v:" + name);
        }
    }

    private JsonObject? SymbolicResource(string symbol) =>
        _template["resources"] is JsonObject symbolic && !symbol.Contains('/') ? symbolic[symbol] as JsonObject : null;

    /// <summary><c>reference()</c> of a nested deployment of this template: its outputs, evaluated in its own scope.</summary>
    private Dictionary<string, object?>? DeploymentOutputs(string id)
    {
        const string prefix = "Microsoft.Resources/deployments/";
        if (!id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var child = Deployment(id[prefix.Length..]);
        if (child is null) return null;
        var outputs = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, output) in child._template["outputs"] as JsonObject ?? [])
        {
            var value = output is JsonObject o ? child.Evaluate(o["value"]) : null;
            outputs[name] = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["value"] = value };
        }
        return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["outputs"] = outputs };
    }

    private ArmScope? Deployment(string name)
    {
        if (_deployments.TryGetValue(name, out var known)) return known;
        ArmScope? found = null;
        foreach (var resource in Resources(_template))
        {
            if (!IsNestedDeployment(resource) || resource["copy"] is not null) continue;
            if (resource["name"] is JsonValue n && n.TryGetValue(out string? raw) && AsText(EvaluateString(raw, null)) == name)
            {
                found = ChildScope(resource, null);
                break;
            }
        }
        _deployments[name] = found;
        return found;
    }

    private ArmScope ChildScope(JsonObject deployment, long? copyIndex)
    {
        var properties = (JsonObject)deployment["properties"]!;
        var passed = properties["parameters"] as JsonObject;
        return new ArmScope((JsonObject)properties["template"]!, parameterName =>
        {
            if (passed?[parameterName] is JsonObject entry && entry.ContainsKey("value")) return (true, Evaluate(entry["value"], copyIndex));
            return (false, null);
        });
    }

    private void Collect(List<DeployedResource> result)
    {
        foreach (var resource in Resources(_template))
        {
            if (resource["existing"] is JsonValue existing && existing.TryGetValue(out bool isExisting) && isExisting) continue;
            var indexes = new List<long?>();
            if (resource["copy"] is JsonObject copy)
            {
                if (Evaluate(copy["count"]) is not long count) throw new InvalidOperationException($"Copy count of {resource["name"]} cannot be evaluated before deployment.");
                for (long i = 0; i < count; i++) indexes.Add(i);
            }
            else
            {
                indexes.Add(null);
            }
            foreach (var index in indexes)
            {
                if (resource["condition"] is { } condition && Evaluate(condition, index) is false) continue;
                var type = AsText(Evaluate(resource["type"], index));
                var name = AsText(Evaluate(resource["name"], index));
                result.Add(new DeployedResource(type, name, resource, this, index));
                if (IsNestedDeployment(resource)) ChildScope(resource, index).Collect(result);
            }
        }
    }

    private static bool IsNestedDeployment(JsonObject resource) =>
        string.Equals((string?)resource["type"], "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase)
        && resource["properties"]?["template"] is JsonObject;

    /// <summary>A template's resources: an array (language version 1) or an object keyed by symbolic name (2.0).</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject symbolic => symbolic.Select(kv => kv.Value).OfType<JsonObject>(),
        _ => [],
    };

    /// <summary><c>Provider/type/name/childType/childName</c> from a type and its name segments.</summary>
    public static string ResourceId(string type, IReadOnlyList<string> names)
    {
        var typeParts = type.Split('/');
        var parts = new List<string> { typeParts[0] };
        for (var i = 1; i < typeParts.Length; i++)
        {
            parts.Add(typeParts[i]);
            if (i - 1 < names.Count) parts.Add(names[i - 1]);
        }
        return string.Join('/', parts);
    }

    /// <summary>Splits a resource name on <c>/</c>, leaving <c>⟨...⟩</c> parts whole.</summary>
    public static IReadOnlyList<string> SplitName(string name)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '⟨') depth++;
            else if (name[i] == '⟩') depth--;
            else if (name[i] == '/' && depth == 0)
            {
                parts.Add(name[start..i]);
                start = i + 1;
            }
        }
        parts.Add(name[start..]);
        return parts;
    }
}
