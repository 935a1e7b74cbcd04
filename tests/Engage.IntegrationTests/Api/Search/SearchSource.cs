using System.Net;
using System.Text.Json;

namespace Engage.IntegrationTests.Api.Search;

/// <summary>Helpers of the search tests: a source of their own, signed pushes, and ids read back.</summary>
internal static class SearchSource
{
    /// <summary>Creates an active source; returns its id and secret.</summary>
    public static async Task<(string Id, string Secret)> CreateAsync(EngageFixture app, string name)
    {
        var (status, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [new("name", name), new("active", "true")]);
        Assert.Equal(200, status);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    /// <summary>Pushes one customer message.</summary>
    public static async Task PushAsync(EngageFixture app, string source, string secret, string id, string thread, string body, string author, DateTimeOffset createdAt, string? language = null)
    {
        var message = EngageFixture.Message(id, thread, body, author, author, p =>
        {
            p["created_at"] = createdAt.ToString("O");
            if (language is not null) p["language"] = language;
        });
        var response = await app.PushAsync(message, source, secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Thread ids of a source by foreign id.</summary>
    public static async Task<Dictionary<string, string>> ThreadIdsAsync(EngageFixture app, string source)
    {
        var (_, list) = await app.GetAsync($"1.0/content_threads?limit=150&q=source:{source}");
        return list.GetProperty("records").EnumerateArray().ToDictionary(t => t.GetProperty("foreign_id").GetString()!, t => t.GetProperty("id").GetString()!);
    }

    /// <summary>The identity id of a foreign author on a source.</summary>
    public static async Task<string> IdentityOfAsync(EngageFixture app, string source, string foreignAuthor)
    {
        var (_, list) = await app.GetAsync($"1.0/identities?limit=150&source_id={source}");
        return list.GetProperty("records").EnumerateArray().Single(i => i.GetProperty("foreign_id").GetString() == foreignAuthor).GetProperty("id").GetString()!;
    }

    /// <summary>The id of a thread's first content.</summary>
    public static async Task<string> FirstContentIdAsync(EngageFixture app, string threadId)
    {
        var (_, list) = await app.GetAsync($"1.0/contents?q={Uri.EscapeDataString($"thread:\"{threadId}\" order:created_at.asc")}&limit=1");
        return list.GetProperty("records")[0].GetProperty("id").GetString()!;
    }

    /// <summary>The string values of one property of every record.</summary>
    public static List<string> Values(JsonElement list, string property) =>
        list.GetProperty("records").EnumerateArray().Select(r => r.GetProperty(property).GetString()!).ToList();
}
