using System.Globalization;

namespace Engage.Domain.Api;

/// <summary>
/// The parameters of a write request, however they arrived: query string, form body or JSON body
/// (PROTOCOL.md, "REST conventions" and "Interoperability notes"). Arrays use <c>name[]</c> (or a JSON array),
/// hashes use <c>name[key]</c> (or a JSON object). Names are case-sensitive; empty strings read as absent.
/// </summary>
public sealed class ApiParameters
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    /// <summary>Adds one value under a raw name such as <c>category_ids[]</c> or <c>custom_field_values[k]</c>.</summary>
    public void Add(string name, string? value)
    {
        if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
        if (value is not null) list.Add(value);
    }

    /// <summary>Every raw parameter name with its last value.</summary>
    public IEnumerable<KeyValuePair<string, string>> Last() =>
        _values.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.Count > 0 ? p.Value[^1] : string.Empty));

    /// <summary>Every raw parameter name with all its values, in the order they arrived.</summary>
    public IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> All() =>
        _values.Select(p => new KeyValuePair<string, IReadOnlyList<string>>(p.Key, p.Value));

    /// <summary>True when the parameter was given at all (even empty).</summary>
    public bool Has(string name) => _values.ContainsKey(name) || _values.ContainsKey(name + "[]");

    /// <summary>True when <paramref name="name"/> came as a list (<c>name[]</c> or a JSON array).</summary>
    public bool IsList(string name) => _values.ContainsKey(name + "[]");

    /// <summary>The single value of <paramref name="name"/>, or null when absent or empty.</summary>
    public string? String(string name) =>
        _values.TryGetValue(name, out var list) && list.Count > 0 && list[^1].Length > 0 ? list[^1] : null;

    /// <summary>The values of an array parameter (<c>name[]</c> or <c>name</c>), empty values dropped.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        var result = new List<string>();
        if (_values.TryGetValue(name + "[]", out var bracket)) result.AddRange(bracket);
        if (_values.TryGetValue(name, out var plain)) result.AddRange(plain);
        return result.Where(v => v.Length > 0).ToList();
    }

    /// <summary>A boolean (true/1/on/yes, false/0/off/no), or null when absent.</summary>
    /// <exception cref="EngageException">422 for another value.</exception>
    public bool? Boolean(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        return ParseBoolean(raw) ?? throw EngageException.Unprocessable("invalid_parameter", $"{name} must be true or false.");
    }

    /// <summary>true/1/on/yes or false/0/off/no (any case), else null.</summary>
    public static bool? ParseBoolean(string raw) => raw.ToLowerInvariant() switch
    {
        "true" or "1" or "on" or "yes" => true,
        "false" or "0" or "off" or "no" => false,
        _ => null,
    };

    /// <summary>A whole number, or null when absent.</summary>
    /// <exception cref="EngageException">422 for another value.</exception>
    public long? Integer(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw EngageException.Unprocessable("invalid_parameter", $"{name} must be a whole number.");
    }

    /// <summary>The entries of a hash parameter <c>name[key]</c> (and <c>name[key][]</c> for several values).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Hash(string name)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var prefix = name + "[";
        foreach (var (key, values) in _values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key == name + "[]") continue;
            var close = key.IndexOf(']', prefix.Length);
            if (close < 0) continue;
            var entry = key[prefix.Length..close];
            result[entry] = result.TryGetValue(entry, out var existing) ? existing.Concat(values).ToList() : values.ToList();
        }
        return result;
    }
}
