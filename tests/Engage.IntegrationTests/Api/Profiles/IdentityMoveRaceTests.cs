using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.IntegrationTests.Api.Profiles;

/// <summary>
/// Merges and unmerges racing each other (found by a fresh user trying to break profiles): whatever wins, afterwards
/// every identity is listed by exactly the group it names, no group the agents wrote on disappears while an identity
/// is left in it, and a losing move is told so (409 <c>move_in_progress</c>, 422 <c>last_identity</c>, or 404 for a
/// group merged away), never a 200 that did not happen.
/// </summary>
public sealed class IdentityMoveRaceTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private const int Rounds = 6;

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<(string IdentityId, string GroupId)> CustomerAsync(string authorId)
    {
        Assert.Equal(200, (int)(await app.PushAsync(EngageFixture.Message("m-" + authorId, "t-" + authorId, "Hi", authorId: authorId))).StatusCode);
        var (_, identities) = await app.GetAsync($"1.0/identities?foreign_id={authorId}");
        var identity = identities.GetProperty("records")[0];
        return (identity.GetProperty("id").GetString()!, identity.GetProperty("identity_group_id").GetString()!);
    }

    private Task<(int Status, JsonElement Json)> MergeAsync(string groupId, string identityId) =>
        app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{groupId}/merge", [P("associated_identity_id", identityId)]);

    private Task<(int Status, JsonElement Json)> UnmergeAsync(string groupId, string identityId) =>
        app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{groupId}/unmerge", [P("associated_identity_id", identityId)]);

    // Each identity names a group that lists it, and no group lists an identity that names another group.
    private async Task AssertConsistentAsync(params string[] identityIds)
    {
        foreach (var identityId in identityIds)
        {
            var (_, identity) = await app.GetAsync($"1.0/identities/{identityId}");
            var groupId = identity.GetProperty("identity_group_id").GetString()!;
            var (status, group) = await app.GetAsync($"1.0/identity_groups/{groupId}");
            Assert.True(status == 200, $"identity {identityId} names group {groupId}, which answers {status}");
            Assert.Contains(identityId, group.GetProperty("identity_ids").EnumerateArray().Select(i => i.GetString()));
            var (_, listing) = await app.GetAsync($"1.0/identities?identity_group_id={groupId}");
            Assert.All(listing.GetProperty("records").EnumerateArray(), i => Assert.Equal(groupId, i.GetProperty("identity_group_id").GetString()));
        }
        var (_, groups) = await app.GetAsync("1.0/identity_groups?limit=150");
        foreach (var group in groups.GetProperty("records").EnumerateArray())
        {
            foreach (var member in group.GetProperty("identity_ids").EnumerateArray().Select(i => i.GetString()!).Where(identityIds.Contains))
            {
                var (_, identity) = await app.GetAsync($"1.0/identities/{member}");
                Assert.True(identity.GetProperty("identity_group_id").GetString() == group.GetProperty("id").GetString(),
                    $"group {group.GetProperty("id")} lists identity {member}, which names group {identity.GetProperty("identity_group_id")}");
            }
        }
    }

    [Fact]
    public async Task One_identity_merged_into_two_groups_at_once_ends_in_exactly_one_and_the_other_merge_is_refused()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (x, _) = await CustomerAsync($"two-x-{round}");
            var (_, g1) = await CustomerAsync($"two-y-{round}");
            var (_, g2) = await CustomerAsync($"two-z-{round}");

            var answers = await Task.WhenAll(MergeAsync(g1, x), MergeAsync(g2, x));

            Assert.Single(answers, a => a.Status == 200);
            Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal((409, "move_in_progress"), (a.Status, a.Json.GetProperty("error").GetString())));
            var winner = answers[0].Status == 200 ? g1 : g2;
            Assert.Equal(winner, (await app.GetAsync($"1.0/identities/{x}")).Json.GetProperty("identity_group_id").GetString());
            await AssertConsistentAsync(x);
        }
    }

    [Fact]
    public async Task Unmerging_both_identities_of_a_group_at_once_keeps_the_group_and_what_agents_wrote_on_it()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (a, _) = await CustomerAsync($"both-a-{round}");
            var (b, group) = await CustomerAsync($"both-b-{round}");
            Assert.Equal(200, (await MergeAsync(group, a)).Status);
            Assert.Equal(200, (await app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{group}", [P("notes", "VIP, refund promised")])).Status);

            var answers = await Task.WhenAll(UnmergeAsync(group, a), UnmergeAsync(group, b));

            Assert.Single(answers, r => r.Status == 200);
            Assert.Single(answers, r => r.Status == 422 && r.Json.GetProperty("error").GetString() == "last_identity");
            var (status, kept) = await app.GetAsync($"1.0/identity_groups/{group}");
            Assert.Equal(200, status);
            Assert.Equal("VIP, refund promised", kept.GetProperty("notes").GetString());
            Assert.Single(kept.GetProperty("identity_ids").EnumerateArray());
            await AssertConsistentAsync(a, b);
        }
    }

    [Fact]
    public async Task Two_groups_merged_into_each_other_at_once_never_swap_their_identities()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (a, ga) = await CustomerAsync($"swap-a-{round}");
            var (b, gb) = await CustomerAsync($"swap-b-{round}");

            var answers = await Task.WhenAll(MergeAsync(gb, a), MergeAsync(ga, b));

            Assert.All(answers, r => Assert.True(r.Status is 200 or 404 or 409, r.Json.ToString()));
            var groupOfA = (await app.GetAsync($"1.0/identities/{a}")).Json.GetProperty("identity_group_id").GetString();
            var groupOfB = (await app.GetAsync($"1.0/identities/{b}")).Json.GetProperty("identity_group_id").GetString();
            Assert.False(groupOfA == gb && groupOfB == ga, "the identities swapped groups");
            // A merge that answered 200 really happened: the identity it moved is in the group it named.
            if (answers[0].Status == 200) Assert.Equal(groupOfB, groupOfA);
            if (answers[1].Status == 200) Assert.Equal(groupOfA, groupOfB);
            await AssertConsistentAsync(a, b);
        }
    }

    [Fact]
    public async Task Edits_of_a_group_being_merged_away_answer_200_or_404_and_every_answered_edit_reaches_the_surviving_group()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var (a, ga) = await CustomerAsync($"away-a-{round}");
            var (_, gb) = await CustomerAsync($"away-b-{round}");

            string[] fields = ["firstname", "lastname", "company", "notes"];
            var edits = fields.Select(f => app.SendFormAsync(HttpMethod.Put, $"1.0/identity_groups/{ga}", [P(f, $"{f} {round}")])).ToList();
            var merge = MergeAsync(gb, a);
            var answers = await Task.WhenAll(edits);

            Assert.Equal(200, (await merge).Status);
            Assert.All(answers, r => Assert.True(r.Status is 200 or 404 or 409, $"{r.Status} {r.Json}"));
            await AssertConsistentAsync(a);
            // An edit answered 200 landed before the group went away, so the merge folded it into the survivor.
            var (_, survivor) = await app.GetAsync($"1.0/identity_groups/{gb}");
            for (var i = 0; i < fields.Length; i++)
            {
                if (answers[i].Status == 200) Assert.Equal($"{fields[i]} {round}", survivor.GetProperty(fields[i]).GetString());
            }
        }
    }

    [Fact]
    public async Task A_moves_late_repeat_by_the_outbox_dispatcher_after_later_moves_changes_nothing()
    {
        var (a, _) = await CustomerAsync("replay-a");
        var (_, gb) = await CustomerAsync("replay-b");
        Assert.Equal(200, (await MergeAsync(gb, a)).Status);
        Assert.Equal(200, (await UnmergeAsync(gb, a)).Status);
        var unmergedTo = (await app.GetAsync($"1.0/identities/{a}")).Json.GetProperty("identity_group_id").GetString()!;
        Assert.Equal(200, (await MergeAsync(gb, a)).Status);

        // The unmerge's step two, run again as a dispatcher that got to its outbox row late would.
        await using (var scope = app.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Engage.Application.IdentityGroups.IdentityMoves>().FinishAsync(a, gb, unmergedTo, isUnmerge: true, CancellationToken.None);
        }

        Assert.Equal(gb, (await app.GetAsync($"1.0/identities/{a}")).Json.GetProperty("identity_group_id").GetString());
        await AssertConsistentAsync(a);
    }
}
