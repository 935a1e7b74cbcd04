using Azure.Data.Tables;
using Engage.Application.Interventions;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;

namespace Engage.UnitTests.Application;

/// <summary>The rules of <c>GET /1.0/interventions</c> filters, and how a write names the intervention for the list.</summary>
public class InterventionListFilterTests
{
    [Theory]
    [InlineData("active", "closing,opened,reopened")]
    [InlineData("opened", "opened")]
    [InlineData("reopened", "reopened")]
    [InlineData("closed", "canceled,closed")]
    [InlineData("deferred", "")]
    public void Each_status_value_selects_stored_status_words(string status, string expected) =>
        Assert.Equal(expected, string.Join(",", InterventionListFilter.StatusesOf(status)!.Order(StringComparer.Ordinal)));

    [Fact]
    public void No_status_selects_everything() => Assert.Null(InterventionListFilter.StatusesOf(null));

    [Theory]
    [InlineData("open", null, null)]
    [InlineData(null, "closed_at", null)]
    [InlineData(null, null, "group-1")]
    public void Unknown_values_and_unserved_filters_are_422(string? status, string? sort, string? group)
    {
        var e = Assert.Throws<EngageException>(() => InterventionListFilter.Parse(null, null, [], group, status, sort));
        Assert.Equal((422, "invalid_parameter"), (e.Status, e.Error));
    }

    private const string U1 = "65a000000000000000000001", U2 = "65a000000000000000000002";
    private const string I1 = "65a0000000000000000000a1", I2 = "65a0000000000000000000a2", I3 = "65a0000000000000000000a3";

    [Fact]
    public void Filters_combine_with_and_and_identities_with_or()
    {
        var filter = InterventionListFilter.Parse(null, U1, [I1, I2, I1, ""], null, "active", "updated_at");
        Assert.True(filter.SortByUpdatedAt);
        Assert.Equal([I1, I2], filter.IdentityIds);
        Assert.True(filter.Matches("t", U1, I2, InterventionStatus.Closing));
        Assert.False(filter.Matches("t", U2, I2, InterventionStatus.Opened));
        Assert.False(filter.Matches("t", U1, I3, InterventionStatus.Opened));
        Assert.False(filter.Matches("t", U1, I1, InterventionStatus.Closed));
    }

    [Theory]
    [InlineData("o'brien", null, null)]
    [InlineData(null, "t1", null)]
    [InlineData(null, null, "65A0000000000000000000A1")]
    public void Id_filters_that_are_not_ids_are_422_naming_the_parameter(string? userId, string? threadId, string? identityId)
    {
        var e = Assert.Throws<EngageException>(() => InterventionListFilter.Parse(threadId, userId, identityId is null ? [] : [identityId], null, null, null));
        Assert.Equal((422, "invalid_parameter"), (e.Status, e.Error));
        Assert.StartsWith(userId is not null ? "user_id" : threadId is not null ? "thread_id" : "identity_id", e.Message);
    }

    [Fact]
    public void The_table_query_stays_in_one_source()
    {
        var query = InterventionListFilter.Parse(null, U1, [], null, null, null).ODataFilter("src");
        Assert.Contains("PartitionKey eq 'src'", query);
        Assert.Contains($"UserId eq '{U1}'", query);
    }

    [Theory]
    [InlineData(null, "created_at.desc")]
    [InlineData("updated_at", "updated_at.desc")]
    public void The_cursor_order_follows_sort(string? sort, string order) =>
        Assert.Equal(order, InterventionListFilter.Parse(null, null, [], null, null, sort).Order);

    [Fact]
    public void Keys_put_newer_interventions_first_and_break_ties_by_id_descending()
    {
        var filter = InterventionListFilter.Parse(null, null, [], null, null, null);
        var t = DateTimeOffset.Parse("2026-01-01T00:00:00Z");
        Assert.True(Keyset.Compare(filter.Key(t.AddSeconds(1), t, I1), filter.Key(t, t, I2)) < 0);
        Assert.True(Keyset.Compare(filter.Key(t, t, I2), filter.Key(t, t, I1)) < 0);
    }

    [Fact]
    public void A_write_bumps_the_version_and_names_the_intervention_on_its_outbox_row()
    {
        var intervention = new InterventionEntity { Id = "v1", Version = 4 };
        var outbox = new OutboxEntity();
        var written = InterventionIndex.Prepare(
        [
            new(TableTransactionActionType.UpdateReplace, intervention, Azure.ETag.All),
            new(TableTransactionActionType.Add, outbox),
        ]);
        Assert.Equal([intervention], written);
        Assert.Equal(5, intervention.Version);
        Assert.Equal("v1", outbox.InterventionId);
    }

    [Fact]
    public void A_transaction_without_an_intervention_names_none() =>
        Assert.Empty(InterventionIndex.Prepare([new(TableTransactionActionType.Add, new OutboxEntity())]));
}
