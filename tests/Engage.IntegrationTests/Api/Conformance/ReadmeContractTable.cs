namespace Engage.IntegrationTests.Api.Conformance;

/// <summary>One row of the README's "Contract fields we answer differently" table.</summary>
internal sealed record ContractFieldRow(string Schema, string Field, string Answer, string Why)
{
    /// <summary>The field is documented but we never send it.</summary>
    public const string NotSupported = "not supported";

    /// <summary>The contract types the field without <c>nullable</c>, and we answer null when it has no value.</summary>
    public const string NullWhenUnset = "null when unset";
}

/// <summary>
/// Reads the README's table of contract fields we answer differently, so the table and the conformance test
/// cannot drift: rows are <c>| `Schema` | `field`, `field` | not supported or null when unset | why |</c>, one
/// <see cref="ContractFieldRow"/> per field named.
/// </summary>
internal static class ReadmeContractTable
{
    public const string Heading = "### Contract fields we answer differently";

    public static IReadOnlyList<ContractFieldRow> Read(string readmePath)
    {
        var lines = File.ReadAllLines(readmePath);
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0) throw new InvalidOperationException($"README has no '{Heading}' section");
        var rows = new List<ContractFieldRow>();
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells.Length < 4 || cells[0] == "Schema" || cells[0].StartsWith('-')) continue;
            var answer = cells[2];
            if (answer is not (ContractFieldRow.NotSupported or ContractFieldRow.NullWhenUnset))
            {
                throw new InvalidOperationException($"README row '{line}': the third cell must be '{ContractFieldRow.NotSupported}' or '{ContractFieldRow.NullWhenUnset}'");
            }
            foreach (var field in cells[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                rows.Add(new(cells[0].Trim('`'), field.Trim('`'), answer, cells[3]));
            }
        }
        return rows;
    }

    /// <summary>The repository's README.md.</summary>
    public static string ReadmePath() => Path.Combine(Engage.LocalRunner.Azurite.RepositoryRoot.Find(), "README.md");
}
