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

    [Fact]
    public void Filters_combine_with_and_and_identities_with_or()
    {
        var filter = InterventionListFilter.Parse(null, "u1", ["i1", "i2", "i1", ""], null, "active", "updated_at");
        Assert.True(filter.SortByUpdatedAt);
        Assert.Equal(["i1", "i2"], filter.IdentityIds);
        Assert.True(filter.Matches("t", "u1", "i2", InterventionStatus.Closing));
        Assert.False(filter.Matches("t", "u2", "i2", InterventionStatus.Opened));
        Assert.False(filter.Matches("t", "u1", "i3", InterventionStatus.Opened));
        Assert.False(filter.Matches("t", "u1", "i1", InterventionStatus.Closed));
    }

    [Fact]
    public void The_table_query_escapes_values_and_stays_in_one_source()
    {
        var filter = InterventionListFilter.Parse(null, "o'brien", [], null, null, null);
        var query = filter.ODataFilter("src");
        Assert.Contains("PartitionKey eq 'src'", query);
        Assert.Contains("UserId eq 'o''brien'", query);
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
