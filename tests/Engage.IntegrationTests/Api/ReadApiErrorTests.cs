using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>401, 404 and 422 in the contract's error body.</summary>
public class ReadApiErrorTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static void AssertError(int status, JsonElement json, int expectedStatus, string expectedError)
    {
        Assert.Equal(expectedStatus, status);
        Assert.Equal(expectedStatus, json.GetProperty("status").GetInt32());
        Assert.Equal(expectedError, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task No_token_or_a_wrong_token_is_401()
    {
        using var response = await app.Http.GetAsync("1.0/content_threads");
        AssertError((int)response.StatusCode, await EngageFixture.ReadJsonAsync(response), 401, "invalid_access_token");
        var (status, json) = await app.GetAsync("1.0/content_threads", "0000000000000000000000000000000000000000000000000000000000000000");
        AssertError(status, json, 401, "invalid_access_token");
    }

    [Fact]
    public async Task The_access_token_parameter_works_like_the_bearer_header()
    {
        using var response = await app.Http.GetAsync($"1.0/content_sources?access_token={app.AdminToken}");
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("1.0/content_threads/5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("1.0/content_threads/nope")]
    [InlineData("1.0/contents/5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("1.0/identities/5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("1.0/content_sources/5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("1.0/users/5f1b2c3d4e5f6a7b8c9d0e1f")]
    [InlineData("1.0/roles/zzz")]
    public async Task Unknown_ids_are_404(string path)
    {
        var (status, json) = await app.GetAsync(path);
        AssertError(status, json, 404, "not_found");
    }

    [Theory]
    [InlineData("1.0/content_threads?limit=151")]
    [InlineData("1.0/content_threads?limit=abc")]
    [InlineData("1.0/content_threads?offset=-1")]
    [InlineData("1.0/contents?limit=0&q=thread:%225f1b2c3d4e5f6a7b8c9d0e1f%22")]
    [InlineData("1.0/content_threads?q=colour:blue")]
    [InlineData("1.0/content_threads?q=order:last_content_at.asc")]
    [InlineData("1.0/contents?q=thread:%22abc")]
    [InlineData("1.0/contents")]
    [InlineData("1.0/content_sources?active=maybe")]
    public async Task Bad_parameters_are_422(string path)
    {
        var (status, json) = await app.GetAsync(path);
        Assert.Equal(422, status);
        Assert.Equal(422, json.GetProperty("status").GetInt32());
    }
}
