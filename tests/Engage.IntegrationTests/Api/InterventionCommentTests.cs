using System.Net.Http.Headers;

namespace Engage.IntegrationTests.Api;

/// <summary>Intervention comments: create, list, read, delete, with the permission rules.</summary>
public class InterventionCommentTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string UserId, string Token)> AgentAsync(string email, bool withSource)
    {
        var (_, roles) = await app.GetAsync("1.0/roles");
        var role = roles.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("label").GetString() == "agent").GetProperty("id").GetString()!;
        var (_, user) = await app.SendFormAsync(HttpMethod.Post, "1.0/users", [P("email", email), P("role_id", role)]);
        var id = user.GetProperty("id").GetString()!;
        if (withSource) await app.SendFormAsync(HttpMethod.Put, $"1.0/users/{id}/sources_permissions", [P(app.Bootstrap.SourceId, "read,reply")]);
        var (_, token) = await app.SendFormAsync(HttpMethod.Post, "1.0/access_tokens", [P("user_id", id), P("label", "t")]);
        return (id, token.GetProperty("token").GetString()!);
    }

    [Fact]
    public async Task Agents_comment_on_an_intervention_and_only_the_author_or_a_permitted_user_deletes()
    {
        await app.PushAsync(EngageFixture.Message("cm-1", "comment-thread", "hello"));
        var (_, threads) = await app.GetAsync("1.0/content_threads?limit=150");
        var threadId = threads.GetProperty("records").EnumerateArray().Single(t => t.GetProperty("foreign_id").GetString() == "comment-thread").GetProperty("id").GetString()!;
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        var contentId = contents.GetProperty("records")[0].GetProperty("id").GetString()!;
        var (authorId, author) = await AgentAsync("commenter@example.com", withSource: true);
        var (_, other) = await AgentAsync("other@example.com", withSource: true);
        var (_, outsider) = await AgentAsync("outsider@example.com", withSource: false);
        var (_, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", [], author);
        var interventionId = intervention.GetProperty("id").GetString()!;

        var (created, comment) = await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("body", "VIP customer 🌟"), P("intervention_id", interventionId)], author);
        Assert.Equal(200, created);
        Assert.Equal((authorId, threadId, "VIP customer 🌟"), (comment.GetProperty("user_id").GetString(), comment.GetProperty("thread_id").GetString(), comment.GetProperty("body").GetString()));
        var commentId = comment.GetProperty("id").GetString()!;

        Assert.Equal(422, (await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("intervention_id", interventionId)], author)).Status);
        Assert.Equal(403, (await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("body", "x"), P("intervention_id", interventionId), P("user_id", authorId)], other)).Status);
        Assert.Equal(404, (await app.SendFormAsync(HttpMethod.Post, "1.0/intervention_comments", [P("body", "x"), P("intervention_id", interventionId)], outsider)).Status);

        var (_, list) = await app.GetAsync($"1.0/intervention_comments?intervention_id={interventionId}", other);
        Assert.Equal([commentId], list.GetProperty("records").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(0, (await app.GetAsync($"1.0/intervention_comments?thread_id={threadId}", outsider)).Json.GetProperty("count").GetInt32());
        Assert.Equal(1, (await app.GetAsync($"1.0/interventions/{interventionId}")).Json.GetProperty("comments_count").GetInt32());

        Assert.Equal(403, await DeleteAsync(commentId, other));
        Assert.Equal(200, await DeleteAsync(commentId, author));
        Assert.Equal(404, (await app.GetAsync($"1.0/intervention_comments/{commentId}")).Status);
    }

    private async Task<int> DeleteAsync(string id, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"1.0/intervention_comments/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (int)(await app.Http.SendAsync(request)).StatusCode;
    }
}
