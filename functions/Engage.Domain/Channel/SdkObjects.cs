using System.Text.Json;

namespace Engage.Domain.Channel;

/// <summary>
/// A user object of the channel SDK (PROTOCOL.md, "Objects"): <c>id</c> and <c>screenname</c> are required;
/// the rest is optional. Empty strings are read as absent. Dates are UTC.
/// </summary>
public sealed record SdkUser(
    string Id,
    string Screenname,
    string? Firstname,
    string? Lastname,
    string? Email,
    string? HomePhone,
    string? MobilePhone,
    string? AvatarUrl,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    /// <summary>A stable fingerprint of the fields we store, to skip identity writes when nothing changed.</summary>
    public string Fingerprint => string.Join('\u001f', Screenname, Firstname, Lastname, Email, HomePhone, MobilePhone, AvatarUrl);
}

/// <summary>
/// A message (or private message) object: <c>id</c>, <c>author</c> and <c>body</c> (at most 20,000 characters,
/// counted as Unicode code points) unless it has attachments; <c>thread_id</c> unless the source is unthreaded.
/// </summary>
public sealed record SdkMessage(
    string Id,
    string? ThreadId,
    SdkUser Author,
    string Body,
    string Format,
    string? InReplyToId,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<string> Categories,
    string? ContextDataJson,
    string? Language,
    int AttachmentsCount,
    bool Private);

/// <summary>A thread object of <c>threads.create</c>: <c>id</c> required, optional <c>title</c> and dates.</summary>
public sealed record SdkThread(string Id, string? Title, DateTimeOffset? CreatedAt, SdkUser? Author, string? ExtraDataJson);

/// <summary>The Send API actions (PROTOCOL.md, "Send API").</summary>
public enum SendApiAction
{
    /// <summary><c>messages.create</c></summary>
    MessagesCreate,
    /// <summary><c>private_messages.create</c></summary>
    PrivateMessagesCreate,
    /// <summary><c>threads.create</c></summary>
    ThreadsCreate,
    /// <summary><c>users.create</c></summary>
    UsersCreate,
    /// <summary><c>status.mark_as_read</c></summary>
    StatusMarkAsRead,
    /// <summary><c>typing.start</c></summary>
    TypingStart,
    /// <summary><c>typing.stop</c></summary>
    TypingStop,
}

/// <summary>A parsed Send API request: the action and the object it carries (one of the typed properties).</summary>
public sealed record SendApiCommand(SendApiAction Action, SdkMessage? Message, SdkThread? Thread, SdkUser? User, string? TypingThreadId);

/// <summary>Field reading shared by the SDK parsers: null, empty and absent mean the same.</summary>
internal static class SdkFields
{
    public static string? Text(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
        var s = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => throw Invalid(name, "must be a string"),
        };
        return string.IsNullOrEmpty(s) ? null : s;
    }

    public static JsonElement Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : default;

    public static DateTimeOffset? Date(JsonElement obj, string name)
    {
        if (!SdkDate.TryParse(Get(obj, name), out var value, out var error)) throw Invalid(name, error!);
        return value;
    }

    public static Api.EngageException Invalid(string field, string why) =>
        Api.EngageException.Unprocessable("invalid_parameter", $"{field} {why}.");

    public static Api.EngageException Missing(string field) =>
        Api.EngageException.Unprocessable("missing_parameter", $"{field} is required.");
}
