using System.Text.Json.Nodes;

namespace Engage.Domain.Profiles;

/// <summary>
/// Folds one profile into another, the rule of <c>mergeIdentityGroup</c> ("in case of conflicts, the attributes of the
/// identity group will be kept"): a scalar or custom field value is taken only where the target has none; lists are
/// united (order kept, no duplicates; emails compared ignoring case). Folding the same profile twice changes nothing.
/// </summary>
public static class ProfileFold
{
    /// <summary>Folds <paramref name="other"/> into <paramref name="target"/>; true when <paramref name="target"/> changed.</summary>
    public static bool Into(JsonObject target, JsonObject other)
    {
        var changed = false;
        foreach (var name in ProfileFields.Scalars)
        {
            if (string.IsNullOrEmpty(ProfileFields.Text(target, name)) && !string.IsNullOrEmpty(ProfileFields.Text(other, name)))
            {
                target[name] = other[name]!.DeepClone();
                changed = true;
            }
        }
        foreach (var name in ProfileFields.Lists)
        {
            var have = ProfileFields.Strings(target, name).ToList();
            var comparer = name == "emails" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            var added = ProfileFields.Strings(other, name).Where(v => !have.Contains(v, comparer)).Distinct(comparer).ToList();
            if (added.Count == 0) continue;
            target[name] = new JsonArray([.. have.Concat(added).Select(v => (JsonNode?)JsonValue.Create(v))]);
            changed = true;
        }
        if (other[ProfileFields.CustomFieldValues] is JsonObject values)
        {
            foreach (var (key, value) in values)
            {
                var name = ProfileFields.CustomField(key);
                if (ProfileFields.Get(target, name) is not null || value is null) continue;
                ProfileFields.Set(target, name, value);
                changed = true;
            }
        }
        return changed;
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
