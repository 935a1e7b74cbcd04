using Engage.Cli;
using Engage.IntegrationTests.Api;

namespace Engage.IntegrationTests.Cli;

/// <summary>
/// <c>engage init</c> against the fixture's Azurite. A class of its own: each bootstrap revokes the previous
/// bootstrap token, which the other CLI tests use.
/// </summary>
public class CliInitTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task Init_is_idempotent_and_issues_a_working_admin_token_each_run()
    {
        string[] init = ["init", "--dev", "--storage", app.Azurite.ConnectionString, "--url", app.Host.BaseUrl, "--json"];
        var first = await CliRunner.RunAsync(init);
        Assert.True(first.Code == ExitCodes.Success, first.ToString());
        Assert.Equal(app.Host.BaseUrl.TrimEnd('/'), first.Json.GetProperty("base_url").GetString());
        Assert.Equal("admin@engage.local", first.Json.GetProperty("admin_email").GetString());
        Assert.Equal(app.Bootstrap.SourceId, first.Json.GetProperty("source_id").GetString());
        Assert.Equal(app.Bootstrap.SourceSecret, first.Json.GetProperty("source_secret").GetString());

        var second = await CliRunner.RunAsync(init);
        Assert.True(second.Code == ExitCodes.Success, second.ToString());
        Assert.Equal(first.Json.GetProperty("source_id").GetString(), second.Json.GetProperty("source_id").GetString());
        var firstToken = first.Json.GetProperty("token").GetString()!;
        var secondToken = second.Json.GetProperty("token").GetString()!;
        Assert.NotEqual(firstToken, secondToken);

        Assert.Equal(ExitCodes.Success, (await CliRunner.RunAsync(app, secondToken, "sources", "list")).Code);
        Assert.Equal(ExitCodes.Auth, (await CliRunner.RunAsync(app, firstToken, "sources", "list")).Code);

        var text = await CliRunner.RunAsync("init", "--dev", "--storage", app.Azurite.ConnectionString, "--url", app.Host.BaseUrl);
        Assert.Equal(ExitCodes.Success, text.Code);
        Assert.Contains("Engage Functions is ready.", text.Out);
        Assert.Contains(app.Bootstrap.SourceId, text.Out);
    }

    [Fact]
    public async Task Init_without_storage_is_a_usage_error()
    {
        if (Environment.GetEnvironmentVariable("ENGAGE_STORAGE") is { Length: > 0 }) return;
        var result = await CliRunner.RunAsync("init");
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("--storage", result.Err);
    }

    [Fact]
    public async Task Init_against_azure_needs_both_endpoints()
    {
        var result = await CliRunner.RunAsync("init", "--table-endpoint", "https://example.table.core.windows.net");
        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("Storage__queueServiceUri", result.Err);
    }
}
