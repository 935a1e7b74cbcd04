namespace Engage.Application.IdentityGroups;

/// <summary>
/// A move's claim on an identity in the group it leaves (<see cref="IdentityMoves"/>): <paramref name="To"/> is the
/// group it goes to, <paramref name="At"/> when the move began. Step two of the move removes it with the identity.
/// </summary>
public sealed record Departure(string To, DateTimeOffset At)
{
    /// <summary>
    /// How long a claim holds. A move's two steps take well under a second; a claim this old belongs to a move that
    /// died before its first step committed (no outbox row will finish it), so it no longer blocks other moves.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>True while the claim holds at <paramref name="now"/>.</summary>
    public bool IsFresh(DateTimeOffset now) => now - At < Lifetime;
}
