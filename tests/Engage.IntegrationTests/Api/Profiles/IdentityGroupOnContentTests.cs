using System.Text.Json;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Contents and interventions name their customer's profile (<c>identity_group_id</c> of openapi.yaml's <c>Content</c>
/// and <c>Intervention</c>) in every answer and in webhook metadata, so a bot or agent goes from a message straight to
/// the profile. The group is the one the identity is in now: after a merge, the old group no longer exists.
/// </summary>
public sealed class IdentityGroupOnContentTests(WebhookFixture app) : IClassFixture<WebhookFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    [Fact]
    public async Task Contents_interventions_and_their_events_name_the_authors_current_identity_group()
    {
        var (_, created) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources", [P("name", "Group on content"), P("active", "true")]);
        var sourceId = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;
        await using var endpoint = await TestWebhookEndpoint.StartAsync();
        var (hooked, webhook) = await app.SendFormAsync(HttpMethod.Post, "1.0/webhooks",
            [P("url", endpoint.Url), P("source_filter", "none_except"), P("source_ids[]", sourceId), P("registered_events[]", "content.imported"), P("registered_events[]", "intervention.opened")]);
        Assert.True(hooked == 200, webhook.ToString());

        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("g-1", "g-thread-1", "First channel", authorId: "gina-web"), sourceId, secret)).StatusCode);
        var (webIdentity, webContent) = await ContentOfAsync(sourceId, "gina-web");
        var webGroup = webIdentity.GetProperty("identity_group_id").GetString()!;
        Assert.Equal(webGroup, webContent.GetProperty("identity_group_id").GetString());

        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={webContent.GetProperty("id").GetString()}", []);
        Assert.Equal(200, opened);
        Assert.Equal(webGroup, intervention.GetProperty("identity_group_id").GetString());
        var interventionId = intervention.GetProperty("id").GetString()!;
        Assert.Equal(webGroup, (await app.GetAsync($"1.0/interventions/{interventionId}")).Json.GetProperty("identity_group_id").GetString());
        var (_, listed) = await app.GetAsync($"1.0/interventions?identity_group_id={webGroup}");
        Assert.Equal([webGroup], listed.GetProperty("records").EnumerateArray().Select(v => v.GetProperty("identity_group_id").GetString()).ToList());

        Assert.True(await EngageFixture.EventuallyAsync(() => Task.FromResult(Metadata(endpoint, "content.imported").Count == 1 && Metadata(endpoint, "intervention.opened").Count == 1)),
            string.Join(", ", endpoint.Posts.SelectMany(p => p.EventTypes)));
        Assert.Equal(webGroup, Metadata(endpoint, "content.imported")[0].GetProperty("identity_group_id").GetString());
        Assert.Equal(webGroup, Metadata(endpoint, "intervention.opened")[0].GetProperty("identity_group_id").GetString());

        // A second identity of the same customer, merged in: its contents now name the surviving group, not its old one.
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("g-2", "g-thread-2", "Second channel", authorId: "gina-phone"), sourceId, secret)).StatusCode);
        var (_, phoneContent) = await ContentOfAsync(sourceId, "gina-phone");
        var phoneGroup = phoneContent.GetProperty("identity_group_id").GetString()!;
        Assert.NotEqual(webGroup, phoneGroup);
        var (merged, _) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{webGroup}/merge", [P("associated_identity_id", phoneContent.GetProperty("author_id").GetString()!)]);
        Assert.Equal(200, merged);
        Assert.Equal(webGroup, (await app.GetAsync($"1.0/contents/{phoneContent.GetProperty("id").GetString()}")).Json.GetProperty("identity_group_id").GetString());
        Assert.Equal(404, (await app.GetAsync($"1.0/identity_groups/{phoneGroup}")).Status);
    }

    // The author's identity and its one content, read from the contents list.
    private async Task<(JsonElement Identity, JsonElement Content)> ContentOfAsync(string sourceId, string authorForeignId)
    {
        var (_, identities) = await app.GetAsync($"1.0/identities?foreign_id={authorForeignId}&source_id={sourceId}");
        var identity = identities.GetProperty("records")[0];
        var (_, contents) = await app.GetAsync("1.0/contents?q=" + Uri.EscapeDataString($"identity:\"{identity.GetProperty("id").GetString()}\""));
        return (identity, Assert.Single(contents.GetProperty("records").EnumerateArray()));
    }

    private static List<JsonElement> Metadata(TestWebhookEndpoint endpoint, string type) =>
        endpoint.Posts.SelectMany(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("events").EnumerateArray())
            .Where(e => e.GetProperty("type").GetString() == type)
            .Select(e => e.GetProperty("resource").GetProperty("metadata").Clone()).ToList();
}
