using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Engage.IntegrationTests.Api;

/// <summary>Ignoring and categorising contents, archiving a thread, and intervention custom field values.</summary>
public class ContentChangeTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string ThreadId, List<string> ContentIds)> ThreadAsync(string thread, int messages)
    {
        for (var i = 0; i < messages; i++) await app.PushAsync(EngageFixture.Message($"{thread}-{i}", thread, $"message {i}"));
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == thread).GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22+order:created_at.asc&limit=150");
        return (threadId, contents.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToList());
    }

    [Fact]
    public async Task A_content_is_ignored_and_categorised_and_a_thread_is_archived_whole()
    {
        var (threadId, ids) = await ThreadAsync("archive-thread", 3);
        var (ignored, content) = await app.SendFormAsync(HttpMethod.Put, $"1.0/contents/{ids[0]}/ignore", []);
        Assert.Equal((200, "ignored"), (ignored, content.GetProperty("status").GetString()));

        var (_, category) = await app.SendFormAsync(HttpMethod.Post, "1.0/categories", [P("name", "Order status")]);
        var categoryId = category.GetProperty("id").GetString()!;
        var (categorised, categorisedJson) = await app.SendFormAsync(HttpMethod.Put, $"1.0/contents/{ids[1]}/update_categories", [P("category_ids[]", categoryId)]);
        Assert.Equal(200, categorised);
        Assert.Equal([categoryId], categorisedJson.GetProperty("category_ids").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Put, $"1.0/contents/{ids[1]}/update_categories", [P("category_ids[]", "eeeeeeeeeeeeeeeeeeeeeeee")])).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Put, "1.0/contents/5f1b2c3d4e5f6a7b8c9d0e1f/ignore", [])).Status);

        Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/content_threads/{threadId}/ignore", [])).Status);
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        Assert.All(contents.GetProperty("records").EnumerateArray(), c => Assert.Equal("ignored", c.GetProperty("status").GetString()));
        // Both orders agree.
        var (_, ascending) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22+order:created_at.asc");
        Assert.All(ascending.GetProperty("records").EnumerateArray(), c => Assert.Equal("ignored", c.GetProperty("status").GetString()));
        Assert.Equal([categoryId], ascending.GetProperty("records")[1].GetProperty("category_ids").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Intervention_custom_field_values_are_merged_single_and_multiple()
    {
        var (_, ids) = await ThreadAsync("custom-fields-thread", 1);
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={ids[0]}", []);
        var id = intervention.GetProperty("id").GetString()!;
        var (formStatus, form) = await app.SendFormAsync(HttpMethod.Put, $"1.0/interventions/{id}", [P("custom_field_values[order_number]", "A-1001")]);
        Assert.Equal(200, formStatus);
        Assert.Equal("A-1001", form.GetProperty("custom_fields").GetProperty("order_number").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Put, $"1.0/interventions/{id}")
        {
            Content = new StringContent("{\"custom_field_values\":{\"tags\":[\"vip\",\"late\"]}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.AdminToken);
        var response = await app.Http.SendAsync(request);
        var json = await EngageFixture.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        var fields = json.GetProperty("custom_fields");
        Assert.Equal("A-1001", fields.GetProperty("order_number").GetString());
        Assert.Equal(["vip", "late"], fields.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(JsonValueKind.Object, (await app.GetAsync($"1.0/interventions/{id}")).Json.GetProperty("custom_fields").ValueKind);
    }
}
