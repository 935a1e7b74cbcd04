using Engage.Application.Events;
using Engage.Domain.Api;

namespace Engage.UnitTests.Application;

/// <summary>The event log's keys and the <c>q</c> of <c>GET /1.0/events</c>.</summary>
public class EventQueryTests
{
    [Fact]
    public void Event_row_keys_sort_newest_first_and_turn_back_into_the_id()
    {
        const string older = "5f1b2c3d0000000000000001", newer = "5f1b2c3e0000000000000000";
        Assert.True(string.CompareOrdinal(EventKeys.RowKey(newer), EventKeys.RowKey(older)) < 0);
        Assert.Equal(older, EventKeys.EventId(EventKeys.RowKey(older)));
        Assert.Throws<ArgumentException>(() => EventKeys.RowKey("5F1B"));
    }

    [Fact]
    public void Keywords_become_filters_and_repeated_ones_match_any_value()
    {
        var q = EventQuery.Parse("name_in:\"content.replied,content.imported\" name_in:intervention.closed content_thread:\"t1\" user:u1 created_after:\"2026-11-01\" order:created_at.asc");
        Assert.Equal(["content.replied", "content.imported", "intervention.closed"], q.Types);
        Assert.Equal((false, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero)), (q.Descending, q.CreatedAfter!.Value));
        var filter = q.ODataFilter("src");
        Assert.Contains("PartitionKey eq 'src'", filter);
        Assert.Contains("(Type eq 'content.replied' or Type eq 'content.imported' or Type eq 'intervention.closed')", filter);
        Assert.Contains("ThreadId eq 't1'", filter);
        Assert.Contains("UserId eq 'u1'", filter);
        Assert.True(EventQuery.Parse(null).Descending);
    }

    [Theory]
    [InlineData("text:hello")]
    [InlineData("-colour:red")]
    [InlineData("created_before:tomorrow")]
    [InlineData("created_after:03/04/2011")]
    [InlineData("order:updated_at.desc")]
    [InlineData("name_in:bogus.event")]
    public void Other_terms_are_422_invalid_query(string q)
    {
        var e = Assert.Throws<EngageException>(() => EventQuery.Parse(q));
        Assert.Equal((422, "invalid_query"), (e.Status, e.Error));
    }

    [Fact]
    public void Negated_terms_exclude_events_and_keep_those_without_the_field()
    {
        var q = EventQuery.Parse("-user:u1 -name_in:content.imported -content_thread:t9 -created_after:2026-11-02 created_after:2026-11-01");
        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
        Engage.Application.Storage.Entities.EventEntity Event(string type, string? user, string? thread) => new() { Type = type, UserId = user, ThreadId = thread, ResourceId = "c", IssuedAt = at };
        Assert.True(q.Keeps(Event("content.replied", "u2", "t1")));
        Assert.True(q.Keeps(Event("content.replied", null, null)));
        Assert.False(q.Keeps(Event("content.replied", "u1", "t1")));
        Assert.False(q.Keeps(Event("content.imported", null, "t1")));
        Assert.False(q.Keeps(Event("content.replied", "u2", "t9")));
        var filter = q.ODataFilter("src");
        Assert.Contains("IssuedAt gt datetime'2026-11-01T00:00:00", filter);
        Assert.Contains("IssuedAt le datetime'2026-11-02T00:00:00", filter);
    }
}
