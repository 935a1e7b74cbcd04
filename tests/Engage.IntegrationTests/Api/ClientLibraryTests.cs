using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Engage.LocalRunner.Azurite;

namespace Engage.IntegrationTests.Api;

/// <summary>The public npm client <c>ringcentral-engage-client</c> against the local runner.</summary>
public class ClientLibraryTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    [Fact]
    public async Task The_npm_client_lists_threads_and_contents_and_sees_contract_errors()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("npm-1", "npm-thread", "first 🙂"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PushAsync(EngageFixture.Message("npm-2", "npm-thread", "second"))).StatusCode);

        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "tests", "Engage.IntegrationTests", "Client", "engage-client-check.js");
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
            Environment = { ["BASE_URL"] = app.Host.BaseUrl, ["TOKEN"] = app.AdminToken, ["THREAD_FOREIGN_ID"] = "npm-thread" },
        };
        using var node = Process.Start(start)!;
        var stdout = await node.StandardOutput.ReadToEndAsync();
        var stderr = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        Assert.True(node.ExitCode == 0, $"node failed: {stderr}\n{stdout}");

        var steps = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var threads = steps.Single(s => s.GetProperty("step").GetString() == "threads");
        Assert.Equal(200, threads.GetProperty("status").GetInt32());
        Assert.Contains("npm-thread", threads.GetProperty("foreign_ids").EnumerateArray().Select(e => e.GetString()));
        var contents = steps.Single(s => s.GetProperty("step").GetString() == "contents");
        Assert.Equal(["second", "first 🙂"], contents.GetProperty("bodies").EnumerateArray().Select(e => e.GetString()));

        var errors = steps.Where(s => s.GetProperty("step").GetString() == "error").ToList();
        Assert.Equal([404, 422, 401], errors.Select(e => e.GetProperty("status").GetInt32()));
        foreach (var error in errors)
        {
            var body = error.GetProperty("body");
            Assert.Equal(error.GetProperty("status").GetInt32(), body.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
            Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        }
    }
}
