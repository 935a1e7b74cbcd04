using System.Net.Http.Headers;
using System.Text;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Write bodies that are well-formed enough to pass a first look but cannot be read (found by a fresh user: a NUL in a
/// form, a lone UTF-16 surrogate in JSON, a list where one value belongs) get 400 or 422 and change nothing, never a
/// 500 and never an erased field.
/// </summary>
public sealed class MalformedWriteTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private async Task<string> GroupAsync()
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-malformed", "t-malformed", "Hi", authorId: "malformed"))).StatusCode);
        var group = (await app.GetAsync("1.0/identities?foreign_id=malformed")).Json.GetProperty("records")[0].GetProperty("identity_group_id").GetString()!;
        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [new("firstname", "Mia")])).Status);
        return group;
    }

    private async Task<(int Status, string Error)> PutRawAsync(string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        using var response = await app.Http.SendAsync(request);
        var json = await EngageFixture.ReadJsonAsync(response);
        return ((int)response.StatusCode, json.GetProperty("error").GetString()!);
    }

    [Fact]
    public async Task Unreadable_bodies_get_400_and_a_list_for_a_single_field_gets_422_and_nothing_changes()
    {
        var group = await GroupAsync();
        var path = $"1.0/identity_groups/{group}";

        Assert.Equal((400, "bad_request"), await PutRawAsync(path, "firstname=a%00b", "application/x-www-form-urlencoded"));
        Assert.Equal((400, "bad_request"), await PutRawAsync(path, """{"firstname":"\ud800"}""", "application/json"));
        Assert.Equal((422, "invalid_parameter"), await PutRawAsync(path, """{"firstname":["a","b"]}""", "application/json"));
        Assert.Equal((422, "invalid_parameter"), await PutRawAsync(path, "firstname[]=a", "application/x-www-form-urlencoded"));

        Assert.Equal("Mia", (await app.GetAsync(path)).Json.GetProperty("firstname").GetString());
    }
}
