using Engage.Application.Storage.Entities;

namespace Engage.Application.Threads;

/// <summary>What to do when the head key of a bridge's thread id is already taken (see <see cref="AliasRules.Decide"/>).</summary>
public enum AliasConflict
{
    /// <summary>An alias to our thread is there already (a repeat): nothing to add.</summary>
    AlreadyLinked,

    /// <summary>An alias to another thread we started: the bridge gave the same id twice. Left alone.</summary>
    LinkedElsewhere,

    /// <summary>A thread created by a push that raced our link: move its contents into ours and replace it by the alias.</summary>
    Adopt,

    /// <summary>An established thread (older than ours, or with interventions): left alone, never merged.</summary>
    Established,
}

/// <summary>
/// Rules for linking a thread we started (placeholder foreign id) to the id its bridge answered
/// (docs/table-design.md, "Threads we start"). Pure: no I/O.
/// </summary>
public static class AliasRules
{
    /// <summary>
    /// How far before our content's creation a racing thread may claim to start and still be adopted: clocks of two
    /// instances, and a bridge's own <c>created_at</c> on <c>threads.create</c>, may be a little behind.
    /// </summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Decides about the row <paramref name="existing"/> found at the bridge id's head key when linking thread
    /// <paramref name="threadId"/>, whose first content was created at <paramref name="initiatedAt"/> (UTC).
    /// A real thread is adopted only when it cannot predate ours and no agent has touched it (no interventions),
    /// so an old conversation that the bridge reused is never merged.
    /// </summary>
    public static AliasConflict Decide(ThreadEntity existing, string threadId, DateTimeOffset initiatedAt)
    {
        if (existing.IsAlias) return existing.Id == threadId ? AliasConflict.AlreadyLinked : AliasConflict.LinkedElsewhere;
        if (existing.Id == threadId) return AliasConflict.AlreadyLinked;
        return existing.InterventionsCount == 0 && existing.CreatedAt >= initiatedAt - Tolerance
            ? AliasConflict.Adopt
            : AliasConflict.Established;
    }
}
