using System.Text.Json.Nodes;

namespace Engage.Domain.Profiles;

/// <summary>
/// The fields one <c>PUT /1.0/identity_groups/{id}</c> writes, by name (see <see cref="ProfileFields"/>), each with its
/// new value (null removes it). Applying only the named fields onto the latest profile is what lets two writers of
/// disjoint fields both win; <see cref="ConflictWith"/> tells when they wrote the same field.
/// </summary>
public sealed class ProfileChange
{
    private readonly Dictionary<string, JsonNode?> _fields = new(StringComparer.Ordinal);

    /// <summary>The named fields and their new values.</summary>
    public IReadOnlyDictionary<string, JsonNode?> Fields => _fields;

    /// <summary>Writes <paramref name="value"/> (null removes the field).</summary>
    public void Set(string name, JsonNode? value) => _fields[name] = value;

    /// <summary>Writes every named field onto <paramref name="profile"/>; other fields stay as they are.</summary>
    public void ApplyTo(JsonObject profile)
    {
        foreach (var (name, value) in _fields) ProfileFields.Set(profile, name, value);
    }

    /// <summary>
    /// The first field this change writes that another writer changed since <paramref name="read"/> (the profile this
    /// change was decided on) to something else than this change's value, or null when the changes are disjoint.
    /// </summary>
    public string? ConflictWith(JsonObject read, JsonObject current) =>
        _fields.Keys.FirstOrDefault(name =>
        {
            var before = ProfileFields.Get(read, name);
            var now = ProfileFields.Get(current, name);
            return !JsonNode.DeepEquals(before, now) && !JsonNode.DeepEquals(now, _fields[name]);
        });
}
