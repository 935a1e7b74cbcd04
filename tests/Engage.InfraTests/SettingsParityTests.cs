using System.Text.RegularExpressions;
using Engage.Application.Configuration;
using Engage.Application.Storage;
using Engage.InfraTests.Arm;

namespace Engage.InfraTests;

/// <summary>The app's code, infra/main.bicep (compiled) and local.settings.sample.json agree.</summary>
[Collection(CompiledInfraCollection.Name)]
public sealed class SettingsParityTests(CompiledInfra infra)
{
    [Fact]
    public void Compiled_template_and_local_sample_are_in_step_with_the_code()
    {
        var problems = SettingsParity.Check(infra.Template, infra.LocalSettingsSample);
        Assert.True(problems.Count == 0, "Settings parity problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Bicep_build_prints_no_warning()
    {
        Assert.DoesNotContain("Warning", infra.BuildOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void The_names_come_from_the_code()
    {
        // Guards against the reflection quietly finding nothing.
        var read = SettingsParity.SettingsReadByCode();
        Assert.Contains(SettingNames.SecretKey, read);
        Assert.Contains(SettingNames.StorageQueueServiceUri, read);
        Assert.True(read.Count >= 8);
        Assert.NotEmpty(StorageNames.Tables);
        Assert.NotEmpty(StorageNames.Queues);
    }

    [Fact]
    public void Every_table_and_queue_is_created_once()
    {
        var deployed = ArmScope.Deployed(infra.Template);
        var tables = deployed.Where(r => r.Type == "Microsoft.Storage/storageAccounts/tableServices/tables").Select(r => r.LeafName).ToList();
        var queues = deployed.Where(r => r.Type == "Microsoft.Storage/storageAccounts/queueServices/queues").Select(r => r.LeafName).ToList();
        Assert.Equal(StorageNames.Tables.Order(), tables.Order());
        Assert.Equal(StorageNames.Queues.Order(), queues.Order());
    }

    [Fact]
    public void Outputs_carry_no_secret()
    {
        var outputs = infra.Template["outputs"]!.AsObject();
        Assert.NotEmpty(outputs);
        foreach (var (name, output) in outputs)
        {
            var text = output!.ToJsonString();
            Assert.DoesNotMatch(new Regex("secret|password|listKeys|ConnectionString", RegexOptions.IgnoreCase), name + text);
            Assert.NotEqual("securestring", (string?)output["type"]);
        }
    }

    [Fact]
    public void The_test_and_the_ci_script_use_the_same_bicep_cli()
    {
        var tools = File.ReadAllText(Path.Combine(infra.RepoRoot, "infra", "tools", "bicep", "BicepCli.proj"));
        Assert.Contains($"Include=\"Azure.Bicep.CommandLine.linux-x64\" Version=\"[{CompiledInfra.Metadata("BicepCliVersion")}]\"", tools, StringComparison.Ordinal);
    }
}
