namespace Engage.Application.Json;

/// <summary>
/// A collection answer: <c>{"count", "offset", "limit", "records", "next_cursor"}</c> (PROTOCOL.md, "REST
/// conventions"). <see cref="NextCursor"/> is ours (issue 7): an opaque <see cref="Engage.Domain.Api.PageCursor"/>
/// that resumes after the last record, or null when nothing follows.
/// </summary>
public sealed record ListView<T>(long Count, int Offset, int Limit, IReadOnlyList<T> Records, string? NextCursor = null);

/// <summary>The error body <c>{"error", "message", "status"}</c>.</summary>
public sealed record ErrorView(string Error, string Message, int Status);

/// <summary>A source as <c>components/schemas/Source</c> (the fields we keep; secrets never appear).</summary>
public sealed record SourceView(
    string Id,
    string Name,
    string Type,
    bool Active,
    string? ChannelId,
    string? CommunityId,
    string Status,
    IReadOnlyList<string> DefaultCategoryIds,
    IReadOnlyList<string> UserThreadDefaultCategoryIds,
    string? EndpointUrl,
    IReadOnlyList<string> Options,
    string? InactiveReason,
    System.Text.Json.JsonElement? Capabilities,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Engage.Domain.Messaging.MessagingSettings? Messaging = null);

/// <summary>An identity as <c>components/schemas/Identity</c>.</summary>
public sealed record IdentityView(
    string Id,
    string SourceId,
    string ForeignId,
    string? Screenname,
    string? DisplayName,
    string? Firstname,
    string? Lastname,
    string? Email,
    string? HomePhone,
    string? MobilePhone,
    string? AvatarUrl,
    string? Company,
    string? Gender,
    string? IdentityGroupId,
    string? CommunityId,
    string? CommunityUrl,
    string? Uuid,
    string Type,
    IReadOnlyList<string> UserIds,
    IReadOnlyDictionary<string, object?> ExtraValues,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A thread as <c>components/schemas/Thread</c>.</summary>
public sealed record ThreadView(
    string Id,
    string SourceId,
    string ForeignId,
    string? Title,
    bool Closed,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> ThreadCategoryIds,
    int ContentsCount,
    int InterventionsCount,
    System.Text.Json.JsonElement? ExtraData,
    string? Controller,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// Ours (issue 8): on <c>GET /1.0/content_threads/{id}</c> of a web chat visitor's current thread, whether the visitor
    /// is typing now; absent elsewhere.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? VisitorTyping { get; init; }

    /// <summary>Ours (issue 10): the thread's custom field values by key (custom fields of <c>Thread</c>); <c>{}</c> when none.</summary>
    public System.Text.Json.JsonElement CustomFieldValues { get; init; }
}

/// <summary>A content as <c>components/schemas/Content</c>, plus <c>sequence</c> (strictly increasing within a thread).</summary>
public sealed record ContentView(
    string Id,
    string ThreadId,
    string SourceId,
    string SourceType,
    string AuthorId,
    string? CreatorId,
    string Body,
    string BodyInputFormat,
    string? Title,
    string Type,
    string Status,
    bool PrivateMessage,
    string? InReplyToId,
    string? InReplyToAuthorId,
    string? InterventionId,
    string? IdentityGroupId,
    string? ForeignId,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> ForeignCategories,
    IReadOnlyList<object> Attachments,
    int AttachmentsCount,
    bool FirstInThread,
    string CreatedFrom,
    string? Language,
    string? SynchronizationStatus,
    string? SynchronizationError,
    bool ApprovalRequired,
    bool AutoSubmitted,
    bool Published,
    bool RemotelyDeleted,
    System.Text.Json.JsonElement? ContextData,
    long Sequence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A user as <c>components/schemas/User</c>.</summary>
public sealed record UserView(
    string Id,
    string Email,
    string? Firstname,
    string? Lastname,
    string? Nickname,
    string RoleId,
    bool Enabled,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> IdentityIds,
    IReadOnlyList<string> TeamIds,
    IReadOnlyList<string> SpokenLanguages,
    string? ExternalId,
    string? Gender,
    string? Locale,
    string? Timezone,
    bool InvitationPending,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An intervention as <c>components/schemas/Intervention</c>; reply delays in seconds.</summary>
public sealed record InterventionView(
    string Id,
    string ThreadId,
    string SourceId,
    string ContentId,
    string IdentityId,
    string? IdentityGroupId,
    string UserId,
    string Status,
    bool Closed,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyDictionary<string, object?> CustomFields,
    int CommentsCount,
    int UserRepliesCount,
    string? FirstUserReplyId,
    long? FirstUserReplyIn,
    long? LastUserReplyIn,
    long? UserReplyInAverage,
    int UserReplyInAverageCount,
    DateTimeOffset? DeferredAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An intervention comment as <c>components/schemas/InterventionComment</c>.</summary>
public sealed record InterventionCommentView(string Id, string InterventionId, string ThreadId, string UserId, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
