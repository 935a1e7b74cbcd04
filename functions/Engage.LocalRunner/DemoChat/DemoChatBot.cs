using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Engage.LocalRunner.DemoChat;

/// <summary>
/// The demo bot of the local runner's web chat: a bot user with its own token that answers every visitor message on
/// the demo chat source through the REST API (engage, then reply). It finds the messages in the event log, read with
/// the admin's token because the seeded <c>bot</c> role may not search events (a real bot would take webhooks).
/// It exists so that a person opening the printed demo URL has someone to talk to; it is not part of the app.
/// </summary>
public sealed class DemoChatBot(HttpClient http, string sourceId, string botToken, string readerToken)
{
    /// <summary>The text every answer starts with.</summary>
    public const string Prefix = "Demo bot: you said ";

    /// <summary>
    /// Creates the bot user (seeded role <c>bot</c>, read and reply on <paramref name="sourceId"/>) and its token with
    /// the admin's token; <paramref name="http"/> has the runner's base address.
    /// </summary>
    public static async Task<DemoChatBot> CreateAsync(HttpClient http, string adminToken, string sourceId, CancellationToken cancellationToken)
    {
        var roles = await SendAsync(http, adminToken, HttpMethod.Get, "1.0/roles?limit=150", null, cancellationToken);
        var roleId = roles.GetProperty("records").EnumerateArray().First(r => r.GetProperty("label").GetString() == "bot").GetProperty("id").GetString()!;
        var email = $"demo-chat-bot-{Guid.NewGuid():N}@example.com";
        var user = await SendAsync(http, adminToken, HttpMethod.Post, "1.0/users", new() { ["email"] = email, ["role_id"] = roleId, ["firstname"] = "Demo bot" }, cancellationToken);
        var userId = user.GetProperty("id").GetString()!;
        await SendAsync(http, adminToken, HttpMethod.Put, $"1.0/users/{userId}/sources_permissions", new() { [sourceId] = "read,reply" }, cancellationToken);
        var token = await SendAsync(http, adminToken, HttpMethod.Post, "1.0/access_tokens", new() { ["user_id"] = userId, ["label"] = "demo chat bot" }, cancellationToken);
        return new DemoChatBot(http, sourceId, token.GetProperty("token").GetString()!, adminToken);
    }

    /// <summary>Answers visitor messages until <paramref name="cancellationToken"/> fires, polling the event log every <paramref name="every"/>.</summary>
    public async Task RunAsync(TimeSpan every, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var answered = new HashSet<string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var q = Uri.EscapeDataString($"name_in:content.imported created_after:{since} order:created_at.asc");
                var events = await SendAsync(http, readerToken, HttpMethod.Get, $"1.0/events?limit=150&q={q}", null, cancellationToken);
                foreach (var e in events.GetProperty("records").EnumerateArray())
                {
                    var resource = e.GetProperty("resource");
                    var metadata = resource.GetProperty("metadata");
                    if (metadata.GetProperty("source_id").GetString() != sourceId) continue;
                    var contentId = resource.GetProperty("id").GetString()!;
                    if (!answered.Add(contentId)) continue;
                    await AnswerAsync(contentId, metadata.GetProperty("body").GetString() ?? string.Empty, cancellationToken);
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or JsonException or KeyNotFoundException)
            {
                Console.Error.WriteLine($"Demo chat bot: {e.Message}");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped while a call was in flight: stopping is not an error.
                return;
            }
            await Task.Delay(every, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task AnswerAsync(string contentId, string body, CancellationToken cancellationToken)
    {
        // Engaging fails with 422 when the thread already has the bot's open intervention: the reply still goes there.
        using (var engage = new HttpRequestMessage(HttpMethod.Post, $"1.0/bots/engage?content_id={contentId}"))
        {
            engage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", botToken);
            using var _ = await http.SendAsync(engage, cancellationToken);
        }
        await SendAsync(http, botToken, HttpMethod.Post, "1.0/contents", new() { ["in_reply_to_id"] = contentId, ["body"] = Prefix + body }, cancellationToken);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string token, HttpMethod method, string path, Dictionary<string, string>? form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (form is not null) request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request, cancellationToken);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return response.IsSuccessStatusCode ? json : throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {json}");
    }
}
