using System.Text;
using System.Text.Json;
using Engage.Domain.Api;
using static Engage.Domain.Channel.SdkFields;

namespace Engage.Domain.Channel;

/// <summary>
/// Reads a Send API body <c>{"action": ..., "params": {...}}</c> into a <see cref="SendApiCommand"/>
/// (PROTOCOL.md, "Send API" and "Objects"). Errors: 400 when the body is not JSON or not an object;
/// 422 <c>invalid_action</c>, <c>missing_parameter</c> or <c>invalid_parameter</c> otherwise.
/// Unknown fields (<c>actions</c>, <c>gender</c>, <c>puppetizable</c>, ...) are tolerated.
/// </summary>
public static class SendApiParser
{
    /// <summary>Largest body in bytes: 20,971,520 (20 MiB); larger is a 413.</summary>
    public const long MaxBodyBytes = 20_971_520;

    /// <summary>Largest message body, in Unicode code points.</summary>
    public const int MaxBodyCharacters = 20_000;

    /// <summary>Parses <paramref name="body"/>. <paramref name="unthreaded"/>: the source allows messages without <c>thread_id</c>.</summary>
    /// <exception cref="EngageException">400 or 422 as described on the type.</exception>
    public static SendApiCommand Parse(ReadOnlyMemory<byte> body, bool unthreaded)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw EngageException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw EngageException.BadRequest("The body must be a JSON object.");
            try
            {
                return Read(root, unthreaded);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses strings with unpaired surrogate escapes (\ud800) when they are read.
                throw EngageException.BadRequest($"The body is malformed: {e.Message}");
            }
        }
    }

    private static SendApiCommand Read(JsonElement root, bool unthreaded)
    {
        var action = Text(root, "action") ?? throw EngageException.Unprocessable("invalid_action", "action is required.");
        var p = Get(root, "params");
        if (p.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw Invalid("params", "must be an object");
        }
        return action switch
        {
            "messages.create" => new(SendApiAction.MessagesCreate, ReadMessage(p, unthreaded, isPrivate: false), null, null, null),
            "private_messages.create" => new(SendApiAction.PrivateMessagesCreate, ReadMessage(p, unthreaded, isPrivate: true), null, null, null),
            "threads.create" => new(SendApiAction.ThreadsCreate, null, ReadThread(p), null, null),
            "users.create" => new(SendApiAction.UsersCreate, null, null, ReadUser(p, "params"), null),
            "status.mark_as_read" => new(SendApiAction.StatusMarkAsRead, null, null, null, Text(p, "thread_id")),
            "typing.start" => new(SendApiAction.TypingStart, null, null, null, Text(p, "thread_id") ?? throw Missing("params.thread_id")),
            "typing.stop" => new(SendApiAction.TypingStop, null, null, null, Text(p, "thread_id")),
            _ => throw EngageException.Unprocessable("invalid_action", $"action '{action}' is not supported."),
        };
    }

    /// <summary>Reads a user object; <paramref name="path"/> names it in errors.</summary>
    public static SdkUser ReadUser(JsonElement u, string path)
    {
        if (u.ValueKind != JsonValueKind.Object) throw Missing(path);
        return new SdkUser(
            Id: Text(u, "id") ?? throw Missing($"{path}.id"),
            Screenname: Text(u, "screenname") ?? throw Missing($"{path}.screenname"),
            Firstname: Text(u, "firstname"),
            Lastname: Text(u, "lastname"),
            Email: Text(u, "email"),
            HomePhone: Text(u, "home_phone"),
            MobilePhone: Text(u, "mobile_phone"),
            AvatarUrl: Text(u, "avatar_url"),
            CreatedAt: Date(u, "created_at"),
            UpdatedAt: Date(u, "updated_at"));
    }

    /// <summary>Reads one message object (a Send API <c>params</c>, or an item of a polled <c>messages.list</c>).</summary>
    /// <exception cref="EngageException">422 naming the missing or invalid field.</exception>
    public static SdkMessage ReadMessage(JsonElement p, bool unthreaded, bool isPrivate)
    {
        if (p.ValueKind != JsonValueKind.Object) throw Missing("params");
        var id = Text(p, "id") ?? throw Missing("params.id");
        var author = ReadUser(Get(p, "author"), "params.author");
        var attachments = Get(p, "attachments");
        var attachmentsCount = attachments.ValueKind == JsonValueKind.Array ? attachments.GetArrayLength() : 0;
        var body = Text(p, "body");
        if (body is null && attachmentsCount == 0) throw Missing("params.body");
        body ??= string.Empty;
        var length = CountCodePoints(body);
        if (length > MaxBodyCharacters)
        {
            throw Invalid("params.body", $"is {length} characters long; the limit is {MaxBodyCharacters}");
        }
        var threadId = Text(p, "thread_id");
        if (threadId is null && !unthreaded) throw Missing("params.thread_id");
        var format = Text(p, "format") ?? "html";
        if (format is not ("html" or "text")) throw Invalid("params.format", "must be html or text");
        return new SdkMessage(
            Id: id,
            ThreadId: threadId,
            Author: author,
            Body: body,
            Format: format,
            InReplyToId: Text(p, "in_reply_to_id"),
            CreatedAt: Date(p, "created_at"),
            Categories: ReadStrings(Get(p, "categories"), "params.categories"),
            ContextDataJson: ReadObjectJson(Get(p, "context_data"), "params.context_data"),
            Language: Text(p, "language"),
            AttachmentsCount: attachmentsCount,
            Private: isPrivate);
    }

    private static SdkThread ReadThread(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object) throw Missing("params");
        var author = Get(p, "author");
        return new SdkThread(
            Id: Text(p, "id") ?? throw Missing("params.id"),
            Title: Text(p, "title"),
            CreatedAt: Date(p, "created_at"),
            Author: author.ValueKind == JsonValueKind.Object ? ReadUser(author, "params.author") : null,
            ExtraDataJson: ReadObjectJson(Get(p, "extra_data"), "params.extra_data"));
    }

    private static IReadOnlyList<string> ReadStrings(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return [];
        if (value.ValueKind != JsonValueKind.Array) throw Invalid(path, "must be an array of strings");
        var list = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Invalid(path, "must be an array of strings");
            if (!string.IsNullOrEmpty(item.GetString())) list.Add(item.GetString()!);
        }
        return list;
    }

    private static string? ReadObjectJson(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.Object => value.GetRawText(),
        _ => throw Invalid(path, "must be an object"),
    };

    /// <summary>Number of Unicode code points; a surrogate pair counts once.</summary>
    public static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    /// <summary>The first <paramref name="max"/> code points of <paramref name="text"/>; never splits a surrogate pair.</summary>
    public static string TruncateCodePoints(string text, int max)
    {
        var sb = new StringBuilder();
        var n = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (n++ == max) break;
            sb.Append(rune.ToString());
        }
        return sb.ToString();
    }
}
