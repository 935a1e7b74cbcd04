using System.Text.Json;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// A channel that sends a new email with many messages (found by a fresh user: the group grew past its limits until the
/// profile no longer fit its table property, and every later message of that customer was refused with 500). The
/// profile stops at its documented limit of 50 values a list; messages and merges keep working.
/// </summary>
public sealed class ChannelProfileLimitTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private async Task PushWithEmailsAsync(string authorId, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var email = $"{authorId}-{i}-{new string('x', 40)}@example.com";
            var response = await app.PushAsync(EngageFixture.Message($"{authorId}-msg-{i}", $"{authorId}-thread", $"Message {i}", authorId: authorId,
                customize: p => p["author"]!["email"] = email));
            Assert.True((int)response.StatusCode == 200, $"push {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task<JsonElement> IdentityAsync(string authorId) =>
        (await app.GetAsync($"1.0/identities?foreign_id={authorId}")).Json.GetProperty("records")[0];

    [Fact]
    public async Task Every_message_is_stored_when_the_channel_keeps_sending_new_emails_and_the_profile_keeps_its_limit()
    {
        await PushWithEmailsAsync("many-emails", 60);
        var identity = await IdentityAsync("many-emails");
        var (_, contents) = await app.GetAsync("1.0/contents?limit=150&q=" + Uri.EscapeDataString($"identity:\"{identity.GetProperty("id").GetString()}\""));
        Assert.Equal(60, contents.GetProperty("count").GetInt32());
        Assert.Equal("many-emails-59-" + new string('x', 40) + "@example.com", identity.GetProperty("email").GetString());
        var group = identity.GetProperty("identity_group_id").GetString()!;
        var (_, profile) = await app.GetAsync($"1.0/identity_groups/{group}");
        Assert.Equal(50, profile.GetProperty("emails").GetArrayLength());

        // Merging another customer with emails of their own into the full profile works too.
        await PushWithEmailsAsync("more-emails", 5);
        var other = await IdentityAsync("more-emails");
        var (merged, answer) = await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}/merge",
            [new("associated_identity_id", other.GetProperty("id").GetString()!)]);
        Assert.True(merged == 200, answer.ToString());
        Assert.Equal(50, answer.GetProperty("emails").GetArrayLength());
        Assert.Contains(other.GetProperty("id").GetString(), answer.GetProperty("identity_ids").EnumerateArray().Select(i => i.GetString()));
    }
}
