namespace Engage.Domain.Search;

/// <summary>
/// What thread search (<see cref="ThreadFilter"/>) looks at: a thread's searchable state, as copied onto its
/// <c>ThreadIndex</c> row and read from its head. Times are UTC.
/// </summary>
/// <param name="Id">Thread id.</param>
/// <param name="SourceId">Source id.</param>
/// <param name="ForeignId">The thread's id on the third-party platform.</param>
/// <param name="Title">Title, or null.</param>
/// <param name="Closed">The thread is closed.</param>
/// <param name="CategoryIds">The thread's <c>category_ids</c>.</param>
/// <param name="IdentityIds">Identities that wrote in the thread (authors of its contents).</param>
/// <param name="ActiveUserId">User of the intervention active on the thread (open, reopened or closing), or null.</param>
/// <param name="Language">Language of the first content that gave one, or null.</param>
/// <param name="FirstContentAt">Creation time of the first content, or null when the thread has none.</param>
/// <param name="LastContentAt">Creation time of the newest content, or null.</param>
public sealed record ThreadSearchFields(
    string Id,
    string SourceId,
    string ForeignId,
    string? Title,
    bool Closed,
    IReadOnlyCollection<string> CategoryIds,
    IReadOnlyCollection<string> IdentityIds,
    string? ActiveUserId,
    string? Language,
    DateTimeOffset? FirstContentAt,
    DateTimeOffset? LastContentAt);
