using System.Net;
using System.Text;
using System.Text.Json;
using Engage.IntegrationTests.LocalRunner.Samples;
using Engage.LocalRunner.Discovery;
using Engage.LocalRunner.Hosting;
using Xunit.Abstractions;

namespace Engage.IntegrationTests.LocalRunner;

/// <summary>HTTP triggers of the sample functions, served by a real runner on Kestrel.</summary>
[Collection(LocalRunnerCollection.Name)]
public sealed class HttpTriggerTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime
{
    private SampleRunner _runner = null!;

    public async Task InitializeAsync() => _runner = await SampleRunner.StartAsync(azurite, output);

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task Route_value_query_value_and_function_context_are_bound()
    {
        var response = await _runner.Http.GetAsync("api/greet/ada?times=3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Hello ada", json.RootElement.GetProperty("greeting").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("times").GetInt32());
        Assert.True(json.RootElement.GetProperty("sameContext").GetBoolean());
        Assert.Equal(nameof(Greet), json.RootElement.GetProperty("function").GetString());
        Assert.Contains(nameof(Greet), _runner.Probe.WrappedFunctions());
    }

    [Fact]
    public async Task Body_is_read_asynchronously_and_route_constraints_and_methods_apply()
    {
        var created = await _runner.Http.PostAsync("api/echo/5", new StringContent("abc", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("id=5;body=abc", await created.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _runner.Http.GetAsync("api/echo/5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _runner.Http.PostAsync("api/echo/five", new StringContent("x"))).StatusCode);
    }

    [Fact]
    public async Task A_function_without_route_is_served_on_its_name_for_every_method()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await _runner.Http.GetAsync("api/NoContent")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _runner.Http.PutAsync("api/NoContent", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _runner.Http.DeleteAsync("api/NoContent")).StatusCode);
    }

    [Fact]
    public async Task An_unhandled_exception_answers_the_fixed_500_body_without_its_text()
    {
        var response = await _runner.Http.GetAsync("api/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("""{"error":"internal_error","message":"An unexpected error occurred.","status":500}""", body);
        Assert.DoesNotContain(Boom.Secret, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_sample_function_is_listed_on_the_host_and_as_json()
    {
        var functions = _runner.Host.Functions.ToDictionary(f => f.Name);
        Assert.Equal(
            new[] { nameof(AlwaysFails), nameof(Boom), nameof(EchoBody), nameof(EchoQueue), nameof(FailsTwice), nameof(Greet), nameof(NoContent), nameof(SlowTick), nameof(StartupOnly), nameof(Tick) },
            functions.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("api/greet/{name}", functions[nameof(Greet)].Route);
        Assert.Equal(["GET"], functions[nameof(Greet)].Methods!);
        Assert.Null(functions[nameof(NoContent)].Methods);
        Assert.Equal("api/NoContent", functions[nameof(NoContent)].Route);
        Assert.Equal(ServedFunction.QueueTrigger, functions[nameof(EchoQueue)].Trigger);
        Assert.Equal(_runner.EchoQueue, functions[nameof(EchoQueue)].Queue);
        Assert.Equal("Storage", functions[nameof(EchoQueue)].Connection);
        Assert.Equal("* * * * * *", functions[nameof(Tick)].Schedule);

        using var json = JsonDocument.Parse(await _runner.Http.GetStringAsync(LocalFunctionsHost.FunctionsPath.TrimStart('/')));
        var listed = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("trigger").GetString());
        Assert.Equal(functions.ToDictionary(f => f.Key, f => (string?)f.Value.Trigger), listed);
    }
}
