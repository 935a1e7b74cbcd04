namespace Engage.Application.Storage.Entities;

/// <summary>
/// The request counter of one access token (PartitionKey: SHA-256 hex of the token, RowKey <c>""</c>): the current
/// fixed window and how many requests it admitted. Replaced under its ETag on every admission; a new window
/// overwrites the old one, so a token never has more than this one row.
/// </summary>
public sealed class RateLimitEntity : EntityBase
{
    /// <summary>The window, in Unix minutes.</summary>
    public long Minute { get; set; }
    /// <summary>Requests admitted in <see cref="Minute"/>.</summary>
    public long Count { get; set; }
}
