namespace Engage.Application.Events;

/// <summary>Keys of the <c>Events</c> table (docs/table-design.md).</summary>
public static class EventKeys
{
    /// <summary>
    /// The RowKey of an event id: each hex digit <c>d</c> becomes <c>f - d</c>, so ids, which start with their
    /// creation second, sort newest first.
    /// </summary>
    /// <exception cref="ArgumentException">Not a lowercase hex id.</exception>
    public static string RowKey(string eventId) => Invert(eventId);

    /// <summary>The event id of a RowKey (the inversion is its own inverse).</summary>
    public static string EventId(string rowKey) => Invert(rowKey);

    private static string Invert(string hex) => string.Create(hex.Length, hex, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var value = source[i] switch
            {
                >= '0' and <= '9' => source[i] - '0',
                >= 'a' and <= 'f' => source[i] - 'a' + 10,
                _ => throw new ArgumentException("Event ids are lowercase hex.", nameof(hex)),
            };
            span[i] = "0123456789abcdef"[15 - value];
        }
    });
}
