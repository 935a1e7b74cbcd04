using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// What client libraries' own test suites call (issue 7, item 7; PROTOCOL.md, "Interoperability notes"):
/// <c>POST /oauth/token</c> with a bogus code, every method on <c>/1.0/roles</c> without a token or a field, and
/// every write endpoint fed its parameters as a query string, a form and a JSON body alike.
/// </summary>
public class ClientCompatibilityTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private const string UnknownId = "000000000000000000000000";

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    /// <summary>Every HTTP function that writes, from its trigger attribute: method and route.</summary>
    public static TheoryData<string, string> WriteEndpoints()
    {
        var data = new TheoryData<string, string>();
        var functions = typeof(Engage.Functions.Http.HttpApi).Assembly.GetTypes().SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
        foreach (var trigger in functions.SelectMany(m => m.GetParameters()).Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
        {
            // The Send API authenticates by signature over the raw body, and /oauth/token by nothing: both are tested elsewhere.
            if (trigger.Route is null || !trigger.Route.StartsWith("1.0/", StringComparison.Ordinal)) continue;
            foreach (var method in (trigger.Methods ?? []).Where(m => m is "post" or "put" or "patch" or "delete")) data.Add(method.ToUpperInvariant(), trigger.Route);
        }
        return data;
    }

    private static HttpRequestMessage Request(string method, string route, string encoding, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route, "\\{[^}]+\\}", UnknownId);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        switch (encoding)
        {
            case "query":
                request.RequestUri = new Uri(path + "?" + string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")), UriKind.Relative);
                break;
            case "form":
                request.Content = new FormUrlEncodedContent(parameters);
                break;
            case "json":
                request.Content = new StringContent(JsonSerializer.Serialize(parameters.ToDictionary(p => p.Key, p => p.Value)), Encoding.UTF8, "application/json");
                break;
        }
        return request;
    }

    private async Task<(int Status, JsonElement Json)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await app.Http.SendAsync(request))
        {
            return ((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response));
        }
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task Every_write_endpoint_reads_its_parameters_from_a_query_a_form_or_a_json_body(string method, string route)
    {
        var (_, token, _) = await app.UserWithTokenAsync($"encodings-{method}-{route.Replace('/', '-').Replace('{', '_').Replace('}', '_')}@example.com", "admin");
        foreach (var encoding in new[] { "query", "form", "json" })
        {
            // access_token as a parameter: an endpoint that did not read it would answer 401.
            var (status, json) = await SendAsync(Request(method, route, encoding, [P("access_token", token)]));
            Assert.True(status is not 401 and < 500, $"{method} {route} with access_token in the {encoding}: {status} {json}");
            Assert.Equal(JsonValueKind.Object, json.ValueKind);

            // impersonated_user_id as a parameter, naming no user: 400 before the endpoint does anything.
            var impersonating = Request(method, route, encoding, [P("impersonated_user_id", UnknownId)]);
            impersonating.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (status, json) = await SendAsync(impersonating);
            Assert.True(status == 400, $"{method} {route} with impersonated_user_id in the {encoding}: {status} {json}");
            Assert.Equal("impersonation_not_allowed", json.GetProperty("error").GetString());
        }
    }

    [Theory]
    [InlineData("query")]
    [InlineData("form")]
    [InlineData("json")]
    public async Task A_role_is_created_and_changed_with_its_fields_in_any_encoding(string encoding)
    {
        var create = Request("POST", "1.0/roles", encoding, [P("label", $"by {encoding}"), P("close_content_thread", "true")]);
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        var (status, role) = await SendAsync(create);
        Assert.Equal(200, status);
        Assert.Equal($"by {encoding}", role.GetProperty("label").GetString());
        Assert.True(role.GetProperty("close_content_thread").GetBoolean());
        var id = role.GetProperty("id").GetString()!;

        foreach (var method in new[] { "PUT", "PATCH" })
        {
            var update = Request(method, $"1.0/roles/{id}", encoding, [P("label", $"{method} by {encoding}")]);
            update.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
            var (updated, changed) = await SendAsync(update);
            Assert.Equal(200, updated);
            Assert.Equal($"{method} by {encoding}", changed.GetProperty("label").GetString());
            Assert.True(changed.GetProperty("close_content_thread").GetBoolean());
        }
    }

    [Fact]
    public async Task Every_method_on_roles_without_a_token_or_a_field_answers_401_404_or_422_in_the_contract_body()
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var bot = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "bot").GetProperty("id").GetString()!;
        var cases = new (string Method, string Path, string? Token, int Status, string Error)[]
        {
            ("POST", "1.0/roles", null, 401, "invalid_access_token"),
            ("POST", "1.0/roles", app.AdminToken, 422, "missing_parameter"),
            ("PUT", "1.0/roles", null, 401, "invalid_access_token"),
            ("PUT", "1.0/roles", app.AdminToken, 422, "missing_parameter"),
            ("PATCH", "1.0/roles", app.AdminToken, 422, "missing_parameter"),
            ("DELETE", "1.0/roles", app.AdminToken, 422, "missing_parameter"),
            ("PUT", $"1.0/roles/{bot}", null, 401, "invalid_access_token"),
            ("PUT", $"1.0/roles/{UnknownId}", app.AdminToken, 404, "not_found"),
            ("PUT", $"1.0/roles/{bot}", app.AdminToken, 422, "missing_parameter"),
            ("PATCH", $"1.0/roles/{bot}", null, 401, "invalid_access_token"),
            ("PATCH", $"1.0/roles/{UnknownId}", app.AdminToken, 404, "not_found"),
            ("DELETE", $"1.0/roles/{bot}", null, 401, "invalid_access_token"),
            ("DELETE", $"1.0/roles/{UnknownId}", app.AdminToken, 404, "not_found"),
            ("DELETE", $"1.0/roles/{bot}", app.AdminToken, 422, "role_not_deletable"),
        };
        foreach (var (method, path, token, expected, error) in cases)
        {
            // The empty label is the missing field of PUT /1.0/roles/{id}.
            var request = Request(method, path, "form", method == "PUT" && path.EndsWith(bot, StringComparison.Ordinal) ? [P("label", "")] : []);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (status, json) = await SendAsync(request);
            Assert.True(status == expected, $"{method} {path} (token: {token is not null}): {status} {json}");
            Assert.Equal((error, expected), (json.GetProperty("error").GetString(), json.GetProperty("status").GetInt32()));
            Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        }
        var (_, after) = await app.GetAsync($"1.0/roles/{bot}");
        Assert.Equal("bot", after.GetProperty("label").GetString());
    }

    [Theory]
    [InlineData("json", "{\"grant_type\":\"authorization_code\",\"code\":\"bogus\",\"client_id\":\"x\",\"client_secret\":\"y\"}")]
    [InlineData("form", "grant_type=authorization_code&code=bogus&client_id=x&client_secret=y&redirect_uri=http%3A%2F%2Flocalhost")]
    [InlineData("none", "")]
    public async Task Oauth_token_with_a_bogus_code_is_401_invalid_grant_in_the_contract_body(string encoding, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/token")
        {
            Content = new StringContent(body, Encoding.UTF8, encoding == "form" ? "application/x-www-form-urlencoded" : "application/json"),
        };
        var (status, json) = await SendAsync(request);
        Assert.Equal(401, status);
        Assert.Equal(("invalid_grant", 401), (json.GetProperty("error").GetString(), json.GetProperty("status").GetInt32()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }
}
