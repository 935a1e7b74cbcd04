using System.Text.Json;
using Engage.Application.Sources;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Json;

/// <summary>Maps stored entities to the contract's JSON shapes (<c>components/schemas</c> of openapi.yaml).</summary>
public static class ViewMapper
{
    private static readonly IReadOnlyDictionary<string, object?> NoExtraValues = new Dictionary<string, object?>();

    /// <summary>A source; the secret is never part of it.</summary>
    public static SourceView ToView(this SourceEntity s) => new(
        s.Id, s.Name, s.Type, s.Active, ChannelId: null, CommunityId: null, Status: s.Active ? "active" : "inactive",
        DefaultCategoryIds: [], UserThreadDefaultCategoryIds: [], s.EndpointUrl, SourceStore.OptionsOf(s), s.InactiveReason,
        Object(s.CapabilitiesJson), s.CreatedAt, s.UpdatedAt, SourceStore.MessagingOf(s));

    /// <summary>An identity.</summary>
    public static IdentityView ToView(this IdentityEntity i) => new(
        i.Id, i.SourceId, i.ForeignId, i.Screenname, DisplayName: DisplayName(i), i.Firstname, i.Lastname, i.Email, i.HomePhone,
        i.MobilePhone, i.AvatarUrl, i.Company, i.Gender, i.IdentityGroupId, CommunityId: null, CommunityUrl: null,
        Uuid: null, Type: "identity", UserIds: [], ExtraValues: NoExtraValues, i.CreatedAt, i.UpdatedAt);

    /// <summary>A thread.</summary>
    public static ThreadView ToView(this ThreadEntity t) => new(
        t.Id, t.SourceId, t.ForeignId, t.Title, t.Closed, Strings(t.CategoryIdsJson), Strings(t.ThreadCategoryIdsJson),
        t.ContentsCount, t.InterventionsCount, Object(t.ExtraDataJson), t.Controller, t.CreatedAt, t.UpdatedAt)
    {
        CustomFieldValues = Object(t.CustomFieldsJson ?? "{}")!.Value,
    };

    /// <summary>A content.</summary>
    public static ContentView ToView(this ContentEntity c) => new(
        c.Id, c.ThreadId, c.SourceId, c.SourceType, c.AuthorId, c.CreatorId, c.Body, c.BodyInputFormat, Title: null,
        Type: c.PrivateMessage ? "private_message" : "message", c.Status, c.PrivateMessage, c.InReplyToId, c.InReplyToAuthorId,
        c.InterventionId, IdentityGroupId: null, c.ForeignId, Strings(c.CategoryIdsJson), Strings(c.ForeignCategoriesJson),
        Attachments: [], c.AttachmentsCount, c.FirstInThread, c.CreatedFrom, c.Language, c.SynchronizationStatus,
        c.SynchronizationError, ApprovalRequired: false, AutoSubmitted: false, Published: true, RemotelyDeleted: false,
        Object(c.ContextDataJson), c.Sequence, c.CreatedAt, c.UpdatedAt);

    /// <summary>An intervention.</summary>
    public static InterventionView ToView(this InterventionEntity v) => new(
        v.Id, v.ThreadId, v.SourceId, v.ContentId, v.IdentityId, IdentityGroupId: null, v.UserId, v.Status,
        Closed: v.Status is InterventionStatus.Closed or InterventionStatus.Canceled, Strings(v.CategoryIdsJson),
        JsonSerializer.Deserialize<Dictionary<string, object?>>(v.CustomFieldsJson) ?? new Dictionary<string, object?>(),
        v.CommentsCount, v.UserRepliesCount, v.FirstUserReplyId, v.FirstUserReplyIn, v.LastUserReplyIn,
        v.UserReplyInAverageCount == 0 ? null : v.UserReplyInTotal / v.UserReplyInAverageCount, v.UserReplyInAverageCount,
        DeferredAt: null, v.ClosedAt, v.CreatedAt, v.UpdatedAt);

    /// <summary>An intervention comment.</summary>
    public static InterventionCommentView ToView(this InterventionCommentEntity c) =>
        new(c.Id, c.InterventionId, c.ThreadId, c.UserId, c.Body, c.CreatedAt, c.UpdatedAt);

    /// <summary>A user.</summary>
    public static UserView ToView(this UserEntity u) => new(
        u.Id, u.Email, u.Firstname, u.Lastname, u.Nickname, u.RoleId, u.Enabled, CategoryIds: [], IdentityIds: [], TeamIds: [],
        SpokenLanguages: [], ExternalId: null, Gender: null, Locale: null, Timezone: null, InvitationPending: false, u.CreatedAt, u.UpdatedAt);

    private static string? DisplayName(IdentityEntity i)
    {
        var full = string.Join(' ', new[] { i.Firstname, i.Lastname }.Where(p => !string.IsNullOrEmpty(p)));
        return full.Length > 0 ? full : i.Screenname;
    }

    private static IReadOnlyList<string> Strings(string json) => JsonSerializer.Deserialize<List<string>>(json) ?? [];

    private static JsonElement? Object(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
