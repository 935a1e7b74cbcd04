using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// A bot that augments the customer's profile, for issue 10's end-to-end test: on each <c>content.imported</c> it reads
/// the content and its author, finds an email address and an order number (<c>A-1234</c>) in the body, and writes
/// them with a tag onto the author's identity group (<c>PUT /1.0/identity_groups/{id}</c>), before answering the delivery.
/// </summary>
public sealed partial class ProfileBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _api;
    private readonly string _tagId;

    private ProfileBot(WebApplication app, HttpClient api, string tagId) => (_app, _api, _tagId) = (app, api, tagId);

    /// <summary>Each API call the bot made and its HTTP status, in order.</summary>
    public ConcurrentQueue<(string Call, int Status)> Calls { get; } = new();

    /// <summary>The webhook URL.</summary>
    public string Url => _app.Urls.First() + "/bot";

    /// <summary>Starts the bot on a free loopback port, calling <paramref name="apiBase"/> with <paramref name="token"/>; it tags customers with <paramref name="tagId"/>.</summary>
    public static async Task<ProfileBot> StartAsync(Uri apiBase, string token, string tagId)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new HttpClient { BaseAddress = apiBase };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var bot = new ProfileBot(app, api, tagId);
        app.MapGet("/bot", (HttpContext c) => Results.Text(c.Request.Query["hub.challenge"].ToString()));
        app.MapPost("/bot", async (HttpContext c) =>
        {
            using var doc = await JsonDocument.ParseAsync(c.Request.Body);
            foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                if (e.GetProperty("type").GetString() == "content.imported") await bot.AugmentAsync(e.GetProperty("resource").GetProperty("id").GetString()!);
            }
            return Results.Ok();
        });
        await app.StartAsync();
        return bot;
    }

    private async Task AugmentAsync(string contentId)
    {
        var content = await CallAsync("GET content", HttpMethod.Get, $"1.0/contents/{contentId}", null);
        var body = content.GetProperty("body").GetString() ?? "";
        var email = Email().Match(body);
        var order = Order().Match(body);
        if (!email.Success && !order.Success) return;
        var author = await CallAsync("GET identity", HttpMethod.Get, $"1.0/identities/{content.GetProperty("author_id").GetString()}", null);
        var group = author.GetProperty("identity_group_id").GetString();
        var form = new List<KeyValuePair<string, string>> { new("tag_ids[]", _tagId) };
        if (email.Success) form.Add(new("emails[]", email.Value));
        if (order.Success) form.Add(new("custom_field_values[order_number]", order.Value));
        await CallAsync("PUT identity group", HttpMethod.Put, $"1.0/identity_groups/{group}", null, form);
    }

    private async Task<JsonElement> CallAsync(string name, HttpMethod method, string path, string? json, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        using var response = await _api.SendAsync(request);
        Calls.Enqueue((name, (int)response.StatusCode));
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\bA-\d+\b")]
    private static partial Regex Order();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await _app.DisposeAsync();
    }
}
