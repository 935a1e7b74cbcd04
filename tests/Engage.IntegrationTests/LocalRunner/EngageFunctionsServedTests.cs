using System.Net;
using System.Text;
using System.Text.Json;
using Engage.LocalRunner;
using Engage.LocalRunner.Azurite;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>
/// Every function the Functions SDK found in Engage.Functions (its <c>functions.metadata</c>) is served by the
/// runner with the same trigger, route, methods, queue and schedule, and each HTTP route reaches its function.
/// </summary>
[Collection(LocalRunnerCollection.Name)]
public sealed class EngageFunctionsServedTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_function_in_functions_metadata_is_served()
    {
        var expected = ReadMetadata(FindMetadataFile());
        var options = EngageRunner.CreateOptions(urls: "http://127.0.0.1:0");
        EngageRunner.UseAzurite(options, azurite.Azurite);
        options.ConfigureLogging = logging => SampleRunner.UseTestOutput(logging, output);
        await using var host = await LocalFunctionsHost.StartAsync(options);
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl + "/") };

        var served = host.Functions.ToDictionary(f => f.Name);
        var missing = expected.Keys.Except(served.Keys).ToList();
        Assert.True(missing.Count == 0, $"Not served by the local runner: {string.Join(", ", missing)}");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), served.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, binding) in expected)
        {
            var function = served[name];
            Assert.Equal(binding.GetProperty("type").GetString(), function.Trigger);
            switch (function.Trigger)
            {
                case ServedFunction.HttpTrigger:
                    var route = binding.TryGetProperty("route", out var r) ? r.GetString()! : name;
                    Assert.Equal(Join(host.Configuration["AzureFunctionsJobHost:extensions:http:routePrefix"] ?? "api", route), function.Route);
                    var methods = binding.TryGetProperty("methods", out var m) ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToList() : null;
                    Assert.Equal(methods, function.Methods);
                    await AssertRoutedAsync(http, function);
                    break;
                case ServedFunction.QueueTrigger:
                    Assert.Equal(binding.GetProperty("queueName").GetString(), function.Queue);
                    Assert.Equal(binding.TryGetProperty("connection", out var c) ? c.GetString() : "AzureWebJobsStorage", function.Connection);
                    break;
                case ServedFunction.TimerTrigger:
                    Assert.Equal(binding.GetProperty("schedule").GetString(), function.Schedule);
                    break;
            }
        }

        using var list = JsonDocument.Parse(await http.GetStringAsync(LocalFunctionsHost.FunctionsPath.TrimStart('/')));
        Assert.Equal(served.Keys.Order(StringComparer.Ordinal), list.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
    }

    /// <summary>A request on the function's route reaches it: routing's own 404 (empty body) or 405 would mean it did not.</summary>
    private static async Task AssertRoutedAsync(HttpClient http, ServedFunction function)
    {
        var path = string.Join('/', function.Route!.Split('/').Select(s => s.StartsWith('{') ? "x" : s));
        var method = new HttpMethod(function.Methods?.FirstOrDefault() ?? "GET");
        using var request = new HttpRequestMessage(method, path);
        if (method != HttpMethod.Get && method != HttpMethod.Delete) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.False(response.StatusCode == HttpStatusCode.NotFound && body.Length == 0, $"{function.Name}: {method} /{path} was not routed.");
        Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static string Join(string prefix, string route) =>
        string.Join('/', new[] { prefix.Trim('/'), route.Trim('/') }.Where(s => s.Length > 0));

    /// <summary>Name to trigger binding of every function in the file.</summary>
    private static Dictionary<string, JsonElement> ReadMetadata(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone());
    }

    /// <summary>The newest functions.metadata under functions/Engage.Functions/bin, preferring this build's configuration.</summary>
    private static string FindMetadataFile()
    {
        var bin = Path.Combine(RepositoryRoot.Find(), "functions", "Engage.Functions", "bin");
        var files = Directory.Exists(bin) ? Directory.GetFiles(bin, "functions.metadata", SearchOption.AllDirectories) : [];
        Assert.True(files.Length > 0, $"No functions.metadata under {bin}: build functions/Engage.Functions first.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        return files
            .OrderByDescending(f => f.Contains($"{Path.DirectorySeparatorChar}{configuration}{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ThenByDescending(File.GetLastWriteTimeUtc)
            .First();
    }
}
