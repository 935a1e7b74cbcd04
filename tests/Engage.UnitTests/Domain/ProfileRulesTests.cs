using System.Text.Json.Nodes;
using Engage.Domain.Api;
using Engage.Domain.Profiles;

namespace Engage.UnitTests.Domain;

public sealed class ProfileRulesTests
{
    private static CustomFieldDefinition Field(string type, bool multiple = false, bool readOnly = false, params string[] choices) =>
        new("f", type, multiple, choices, readOnly);

    private static EngageException Refused(Func<object?> convert) => Assert.Throws<EngageException>(() => convert());

    [Fact]
    public void Values_are_converted_to_their_type()
    {
        Assert.Equal(42L, CustomFieldValues.Convert(Field("integer"), ["42"]));
        Assert.Equal(-1.5, CustomFieldValues.Convert(Field("float"), ["-1.5"]));
        Assert.Equal(true, CustomFieldValues.Convert(Field("boolean"), ["on"]));
        Assert.Equal("2024-02-29", CustomFieldValues.Convert(Field("date"), ["2024-02-29"]));
        Assert.Equal("b", CustomFieldValues.Convert(Field("single_choice", choices: ["a", "b"]), ["b"]));
        Assert.Equal(new List<object> { "a", "b" }, CustomFieldValues.Convert(Field("multiple_choice", choices: ["a", "b"]), ["a", "b", "a"]));
        Assert.Equal(new List<object> { 1L, 2L }, CustomFieldValues.Convert(Field("integer", multiple: true), ["1", "2"]));
        Assert.Null(CustomFieldValues.Convert(Field("string"), ["", ""]));
    }

    [Theory]
    [InlineData("integer", "1.5", "whole number")]
    [InlineData("float", "NaN", "number")]
    [InlineData("boolean", "maybe", "true or false")]
    [InlineData("date", "2023-02-29", "date")]
    [InlineData("single_choice", "c", "one of a, b")]
    public void Bad_values_are_422_naming_the_field_and_the_reason(string type, string value, string reason)
    {
        var e = Refused(() => CustomFieldValues.Convert(Field(type, choices: ["a", "b"]), [value]));
        Assert.Equal((422, "invalid_custom_field_value"), (e.Status, e.Error));
        Assert.StartsWith("custom_field_values[f]", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_single_field_takes_one_value_a_long_string_is_refused_and_a_read_only_field_is_never_written()
    {
        Assert.Contains("takes one value", Refused(() => CustomFieldValues.Convert(Field("string"), ["a", "b"])).Message);
        Assert.Contains("longer than 255", Refused(() => CustomFieldValues.Convert(Field("string"), [new string('x', 256)])).Message);
        Assert.Equal(new string('x', 256), CustomFieldValues.Convert(Field("text"), [new string('x', 256)]));
        Assert.Equal("read_only_custom_field", Refused(() => CustomFieldValues.Convert(Field("string", readOnly: true), ["a"])).Error);
        Assert.False(CustomFieldTypes.IsMultiple("boolean", true));
        Assert.True(CustomFieldTypes.IsMultiple("multiple_choice", false));
    }

    [Fact]
    public void A_change_writes_only_its_fields_and_conflicts_only_when_another_writer_changed_one_of_them()
    {
        var read = JsonNode.Parse("""{"firstname":"Ann","notes":"a","custom_field_values":{"order":"A-1"}}""")!.AsObject();
        var change = new ProfileChange();
        change.Set("notes", "b");
        change.Set(ProfileFields.CustomField("order"), "A-2");

        // Another writer changed firstname only: disjoint, both kept.
        var current = JsonNode.Parse("""{"firstname":"Anna","notes":"a","custom_field_values":{"order":"A-1","plan":"pro"}}""")!.AsObject();
        Assert.Null(change.ConflictWith(read, current));
        change.ApplyTo(current);
        Assert.Equal("""{"firstname":"Anna","notes":"b","custom_field_values":{"order":"A-2","plan":"pro"}}""", current.ToJsonString());

        // Another writer changed the order number to something else: a true conflict, named.
        var clash = JsonNode.Parse("""{"firstname":"Ann","notes":"a","custom_field_values":{"order":"A-9"}}""")!.AsObject();
        Assert.Equal("custom_field_values[order]", change.ConflictWith(read, clash));
        // ... unless it wrote the same value.
        var same = JsonNode.Parse("""{"notes":"b","custom_field_values":{"order":"A-1"}}""")!.AsObject();
        Assert.Null(change.ConflictWith(read, same));

        var removal = new ProfileChange();
        removal.Set("notes", null);
        removal.ApplyTo(current);
        Assert.False(current.ContainsKey("notes"));
    }

    [Fact]
    public void Folding_keeps_the_target_attributes_fills_gaps_and_unites_lists_and_is_idempotent()
    {
        var target = JsonNode.Parse("""{"firstname":"Dana","emails":["d@x.com"],"custom_field_values":{"plan":"pro"}}""")!.AsObject();
        var other = JsonNode.Parse("""{"firstname":"Danielle","notes":"refund","emails":["D@X.com","d@y.com"],"tag_ids":["t1"],"custom_field_values":{"plan":"free","order":"A-1"}}""")!.AsObject();
        Assert.True(ProfileFold.Into(target, other));
        Assert.Equal("""{"firstname":"Dana","emails":["d@x.com","d@y.com"],"custom_field_values":{"plan":"pro","order":"A-1"},"notes":"refund","tag_ids":["t1"]}""", target.ToJsonString());
        Assert.False(ProfileFold.Into(target, other));
        var fromIdentity = ProfileFold.FromIdentity("Eve", null, "e@x.com", null, "+1555", null);
        Assert.Equal("""{"firstname":"Eve","emails":["e@x.com"],"mobile_phones":["\u002B1555"]}""", fromIdentity.ToJsonString());
    }

    [Fact]
    public void A_channel_sending_a_new_email_with_every_message_fills_the_list_to_its_limit_and_no_further()
    {
        var group = new JsonObject();
        for (var i = 0; i < ProfileFold.MaxListValues + 20; i++)
        {
            ProfileFold.Into(group, ProfileFold.FromIdentity(null, null, $"customer{i}@example.com", null, null, null));
        }
        var emails = ProfileFields.Strings(group, "emails");
        Assert.Equal(ProfileFold.MaxListValues, emails.Count);
        Assert.Equal("customer0@example.com", emails[0]);
        Assert.False(ProfileFold.Into(group, ProfileFold.FromIdentity(null, null, "one-more@example.com", null, null, null)));
    }

    [Fact]
    public void Folding_into_a_nearly_full_profile_leaves_out_what_does_not_fit_and_keeps_what_does()
    {
        var group = new JsonObject { ["notes"] = new string('n', ProfileFold.MaxProfileLength - 200) };
        var other = new JsonObject
        {
            ["firstname"] = "Ann",
            ["company"] = new string('c', 250),
            ["emails"] = new JsonArray([.. Enumerable.Range(0, 10).Select(i => (JsonNode?)JsonValue.Create($"a{i}@example.com"))]),
        };

        Assert.True(ProfileFold.Into(group, other));

        Assert.True(group.ToJsonString().Length <= ProfileFold.MaxProfileLength);
        Assert.Equal("Ann", ProfileFields.Text(group, "firstname"));
        Assert.Null(ProfileFields.Text(group, "company"));
        Assert.False(group.ContainsKey("company"));
        var emails = ProfileFields.Strings(group, "emails");
        Assert.InRange(emails.Count, 1, 9);
        Assert.Equal(Enumerable.Range(0, emails.Count).Select(i => $"a{i}@example.com"), emails);
    }
}
