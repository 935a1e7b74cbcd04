using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Engage.Cli;

/// <summary>A table column: its header and how to read its cell from a record.</summary>
internal sealed record Column(string Header, Func<JsonObject, string> Cell)
{
    /// <summary>A column showing the record's <paramref name="key"/>.</summary>
    public static Column Of(string header, string key) => new(header, r => Output.Text(r[key]));
}

/// <summary>Prints answers: the JSON document as is with <c>--json</c>, otherwise tables and key/value lines.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a JSON text (the API's answer) as one document.</summary>
    public static void Json(CliContext ctx, string text) => ctx.Out.WriteLine(text.Trim());

    /// <summary>Writes a JSON node as one compact document.</summary>
    public static void Json(CliContext ctx, JsonNode node) => ctx.Out.WriteLine(node.ToJsonString(Compact));

    /// <summary>A scalar as text, an array joined with commas, null as empty.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(",", array.Select(Text)),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "yes" : "no",
        _ => node.ToJsonString(),
    };

    /// <summary>The records of a list answer <c>{"count","offset","limit","records"}</c> as a table, with a footer when paged.</summary>
    public static void Table(CliContext ctx, JsonNode? list, params Column[] columns)
    {
        var records = (list?["records"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (records.Count == 0)
        {
            ctx.Out.WriteLine("(none)");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Header)));
        foreach (var record in records) table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c.Cell(record))).ToArray());
        ctx.Console.Write(table);
        var count = list?["count"]?.GetValue<long>() ?? records.Count;
        var offset = list?["offset"]?.GetValue<int>() ?? 0;
        if (count > records.Count) ctx.Out.WriteLine($"Showing {offset + 1}-{offset + records.Count} of {count}; use --offset and --limit for more.");
    }

    /// <summary>Label/value lines for one object.</summary>
    public static void Fields(CliContext ctx, JsonNode? json, params (string Label, string Key)[] fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        foreach (var (label, key) in fields)
        {
            var value = Text(json?[key]);
            if (value.Length > 0) grid.AddRow(new Text(label + ":"), new Text(value));
        }
        ctx.Console.Write(grid);
    }

    /// <summary>A secret or token shown this once, on its own line so it can be copied whole.</summary>
    public static void ShownOnce(CliContext ctx, string label, string? value)
    {
        if (value is null) return;
        ctx.Out.WriteLine($"{label}: {value}");
        ctx.Out.WriteLine("  (shown once: it is stored hashed or encrypted and cannot be shown again)");
    }
}
