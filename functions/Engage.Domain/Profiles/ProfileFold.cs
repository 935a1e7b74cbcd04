using System.Text.Json.Nodes;

namespace Engage.Domain.Profiles;

/// <summary>
/// Folds one profile into another, the rule of <c>mergeIdentityGroup</c> ("in case of conflicts, the attributes of the
/// identity group will be kept"): a scalar or custom field value is taken only where the target has none; lists are
/// united (order kept, no duplicates; emails compared ignoring case). Folding the same profile twice changes nothing.
/// The target never grows past the limits a profile edit has (<see cref="MaxListValues"/> values a list,
/// <see cref="MaxProfileLength"/> characters in all): what would not fit is left out, so a channel that keeps sending
/// new emails, or a merge of two full profiles, can never make a customer's messages or the merge fail.
/// </summary>
public static class ProfileFold
{
    /// <summary>Most values of one list field.</summary>
    public const int MaxListValues = 50;

    /// <summary>Largest stored profile, in characters of its JSON (under the 32,768 of one table property).</summary>
    public const int MaxProfileLength = 30_000;

    /// <summary>Folds <paramref name="other"/> into <paramref name="target"/>; true when <paramref name="target"/> changed.</summary>
    public static bool Into(JsonObject target, JsonObject other)
    {
        var changed = false;
        // Each value is added only if the profile still fits; otherwise it is taken back and left out.
        bool Fits(Action undo)
        {
            if (target.ToJsonString().Length <= MaxProfileLength) return changed = true;
            undo();
            return false;
        }
        foreach (var name in ProfileFields.Scalars)
        {
            if (string.IsNullOrEmpty(ProfileFields.Text(target, name)) && !string.IsNullOrEmpty(ProfileFields.Text(other, name)))
            {
                var before = target[name]?.DeepClone();
                target[name] = other[name]!.DeepClone();
                Fits(() => Restore(target, name, before));
            }
        }
        foreach (var name in ProfileFields.Lists)
        {
            var comparer = name == "emails" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var have = ProfileFields.Strings(target, name).ToList();
            foreach (var value in ProfileFields.Strings(other, name).Distinct(comparer).Where(v => !have.Contains(v, comparer)).ToList())
            {
                if (have.Count >= MaxListValues) break;
                var before = target[name]?.DeepClone();
                target[name] = new JsonArray([.. have.Append(value).Select(v => (JsonNode?)JsonValue.Create(v))]);
                if (Fits(() => Restore(target, name, before))) have.Add(value);
            }
        }
        if (other[ProfileFields.CustomFieldValues] is JsonObject values)
        {
            foreach (var (key, value) in values.ToList())
            {
                var name = ProfileFields.CustomField(key);
                if (ProfileFields.Get(target, name) is not null || value is null) continue;
                ProfileFields.Set(target, name, value);
                Fits(() => ProfileFields.Set(target, name, null));
            }
        }
        return changed;
    }

    private static void Restore(JsonObject target, string name, JsonNode? before)
    {
        if (before is null) target.Remove(name);
        else target[name] = before;
    }

    /// <summary>
    /// The profile an identity's own fields (the channel SDK user object: names, email, phones, avatar; an import's
    /// company and gender) give, to fold into its group.
    /// </summary>
    public static JsonObject FromIdentity(string? firstname, string? lastname, string? email, string? homePhone, string? mobilePhone, string? avatarUrl, string? company = null, string? gender = null)
    {
        var profile = new JsonObject();
        if (!string.IsNullOrEmpty(company)) profile["company"] = company;
        if (!string.IsNullOrEmpty(gender)) profile["gender"] = gender;
        if (!string.IsNullOrEmpty(firstname)) profile["firstname"] = firstname;
        if (!string.IsNullOrEmpty(lastname)) profile["lastname"] = lastname;
        if (!string.IsNullOrEmpty(avatarUrl)) profile["avatar_url"] = avatarUrl;
        if (!string.IsNullOrEmpty(email)) profile["emails"] = new JsonArray(email);
        if (!string.IsNullOrEmpty(homePhone)) profile["home_phones"] = new JsonArray(homePhone);
        if (!string.IsNullOrEmpty(mobilePhone)) profile["mobile_phones"] = new JsonArray(mobilePhone);
        return profile;
    }
}
