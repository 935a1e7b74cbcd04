using System.Text.Json.Nodes;
using Engage.Application.Configuration;
using Engage.Application.Storage;

namespace Engage.InfraTests;

/// <summary>
/// The parity check fails when either side loses something: each test edits a copy of the compiled template (or of
/// the local sample) the way a careless change to infra/ would, and expects the check to name what is missing.
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class ParityMutationTests(CompiledInfra infra)
{
    private JsonObject Template() => (JsonObject)infra.Template.DeepClone();
    private JsonObject Sample() => (JsonObject)infra.LocalSettingsSample.DeepClone();

    [Fact]
    public void Unchanged_copy_passes()
    {
        Assert.Empty(SettingsParity.Check(Template(), Sample()));
    }

    [Fact]
    public void Removing_an_app_setting_is_reported()
    {
        var template = Template();
        RemoveAppSetting(template, SettingNames.StorageQueueServiceUri);
        AssertReported(template, Sample(), $"'{SettingNames.StorageQueueServiceUri}' is read by the code but not set by Bicep");
    }

    [Fact]
    public void Removing_the_key_vault_setting_is_reported_with_its_role_still_there()
    {
        var template = Template();
        RemoveAppSetting(template, SettingNames.SecretKey);
        AssertReported(template, Sample(), $"'{SettingNames.SecretKey}' is read by the code but not set by Bicep");
    }

    [Fact]
    public void Removing_a_queue_is_reported()
    {
        var template = Template();
        var poison = StorageNames.Queues.First(q => q.EndsWith("-poison", StringComparison.Ordinal));
        RemoveFromArrays(template, poison);
        AssertReported(template, Sample(), $"queue '{poison}' is used by the code (StorageNames) but not created by Bicep");
    }

    [Fact]
    public void Removing_a_table_is_reported()
    {
        var template = Template();
        RemoveFromArrays(template, StorageNames.ThreadsTable);
        AssertReported(template, Sample(), $"table '{StorageNames.ThreadsTable}' is used by the code (StorageNames) but not created by Bicep");
    }

    [Fact]
    public void Removing_a_role_assignment_is_reported()
    {
        var template = Template();
        var tableRole = SettingsParity.RolesBySetting[SettingNames.StorageTableServiceUri];
        var removed = RemoveResources(template, r =>
            (string?)r["type"] == "Microsoft.Authorization/roleAssignments"
            && r["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("storageTableDataContributor", StringComparison.Ordinal));
        Assert.Equal(1, removed);
        AssertReported(template, Sample(), $"role '{tableRole.Role}' ({tableRole.RoleId})");
    }

    [Fact]
    public void A_role_assigned_to_another_principal_is_reported()
    {
        var template = Template();
        foreach (var assignment in AllResources(template).Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"))
        {
            if (assignment["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("keyVaultSecretsUser", StringComparison.Ordinal))
                assignment["properties"]!["principalId"] = "00000000-0000-0000-0000-000000000000";
        }
        AssertReported(template, Sample(), "role 'Key Vault Secrets User'");
    }

    [Fact]
    public void A_role_on_the_wrong_resource_is_reported()
    {
        var template = Template();
        var moved = 0;
        foreach (var assignment in AllResources(template).Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments"))
        {
            if (!assignment["properties"]!["roleDefinitionId"]!.ToJsonString().Contains("storageTableDataContributor", StringComparison.Ordinal)) continue;
            assignment["scope"] = "[resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName'))]";
            moved++;
        }
        Assert.Equal(1, moved);
        AssertReported(template, Sample(), "role 'Storage Table Data Contributor'");
    }

    [Fact]
    public void A_setting_the_code_does_not_read_is_reported()
    {
        var template = Template();
        AppSettingsOfSite(template).Add(new JsonObject { ["name"] = "Engage__Unused", ["value"] = "x" });
        AssertReported(template, Sample(), "'Engage__Unused' is set by Bicep but neither read by the code");
    }

    [Fact]
    public void A_local_only_setting_set_in_azure_is_reported()
    {
        var template = Template();
        AppSettingsOfSite(template).Add(new JsonObject { ["name"] = SettingNames.ExposeOperationCounts, ["value"] = "true" });
        AssertReported(template, Sample(), $"'{SettingNames.ExposeOperationCounts}' is local-only");
    }

    [Fact]
    public void A_deprecated_flex_setting_is_reported()
    {
        var template = Template();
        AppSettingsOfSite(template).Add(new JsonObject { ["name"] = "FUNCTIONS_WORKER_RUNTIME", ["value"] = "dotnet-isolated" });
        AssertReported(template, Sample(), "'FUNCTIONS_WORKER_RUNTIME' must not be set on a Flex Consumption app");
    }

    [Fact]
    public void A_secret_not_from_key_vault_is_reported()
    {
        var template = Template();
        var setting = AppSettingsOfSite(template).OfType<JsonObject>().Single(s => (string?)s["name"] == SettingNames.SecretKey);
        setting["value"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
        AssertReported(template, Sample(), $"'{SettingNames.SecretKey}' must be a Key Vault reference");
    }

    [Fact]
    public void A_setting_missing_from_the_local_sample_is_reported()
    {
        var sample = Sample();
        sample["Values"]!.AsObject().Remove(SettingNames.SecretKey);
        AssertReported(Template(), sample, $"'{SettingNames.SecretKey}' is read by the code but missing from local.settings.sample.json");
    }

    [Fact]
    public void An_unknown_key_in_the_local_sample_is_reported()
    {
        var sample = Sample();
        sample["Values"]!.AsObject()["Engage__Typo"] = "1";
        AssertReported(Template(), sample, "'Engage__Typo' is in local.settings.sample.json but neither read by the code");
    }

    private static void AssertReported(JsonObject template, JsonObject sample, string expected)
    {
        var problems = SettingsParity.Check(template, sample);
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)),
            $"Expected a problem containing \"{expected}\"; got:\n" + string.Join("\n", problems));
    }

    private static IEnumerable<JsonObject> AllResources(JsonNode node)
    {
        if (node is JsonObject o)
        {
            if (o["type"] is JsonValue && o["apiVersion"] is JsonValue) yield return o;
            foreach (var (_, child) in o.ToList())
                if (child is not null) foreach (var r in AllResources(child)) yield return r;
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a.ToList())
                if (child is not null) foreach (var r in AllResources(child)) yield return r;
        }
    }

    private static int RemoveResources(JsonObject template, Func<JsonObject, bool> match)
    {
        var removed = 0;
        foreach (var resource in AllResources(template).Where(match).ToList())
        {
            switch (resource.Parent)
            {
                case JsonArray array: array.Remove(resource); break;
                case JsonObject symbolic: symbolic.Remove(resource.GetPropertyName()); break;
            }
            removed++;
        }
        return removed;
    }

    private static JsonArray AppSettingsOfSite(JsonObject template) =>
        AllResources(template).Single(r => (string?)r["type"] == "Microsoft.Web/sites")["properties"]!["siteConfig"]!["appSettings"]!.AsArray();

    private static void RemoveAppSetting(JsonObject template, string name)
    {
        var settings = AppSettingsOfSite(template);
        settings.Remove(settings.OfType<JsonObject>().Single(s => (string?)s["name"] == name));
    }

    /// <summary>Removes a string from every array of the template that holds it (the list a loop creates resources from).</summary>
    private static void RemoveFromArrays(JsonNode node, string value)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array.Where(i => i is JsonValue v && v.TryGetValue(out string? s) && s == value).ToList()) array.Remove(item);
            foreach (var child in array.ToList()) if (child is not null) RemoveFromArrays(child, value);
        }
        else if (node is JsonObject obj)
        {
            foreach (var (_, child) in obj.ToList()) if (child is not null) RemoveFromArrays(child, value);
        }
    }
}
