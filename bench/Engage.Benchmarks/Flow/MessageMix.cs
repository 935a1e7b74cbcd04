using System.Text.Json.Nodes;

namespace Engage.Benchmarks.Flow;

/// <summary>What a pushed message is, for the storage cost: the case the goal is about, or one of the dearer ones.</summary>
public enum MessageKind
{
    /// <summary>A known author writes into an existing thread (the goal's case).</summary>
    KnownIntoExisting,
    /// <summary>A known author starts a new thread.</summary>
    NewThread,
    /// <summary>An author never seen before writes into an existing thread.</summary>
    NewIdentity,
}

/// <summary>
/// The ingest mix, fixed so every run pushes the same thing: out of every 20 messages, 18 come from the thread's own
/// known author into an existing thread (90 %), 1 starts a new thread (5 %), 1 comes from a new author (5 %).
/// </summary>
public static class MessageMix
{
    /// <summary>The mix as the report states it.</summary>
    public const string Description = "90 % known author into an existing thread, 5 % known author starting a new thread, 5 % new author into an existing thread";

    /// <summary>The kind of the <paramref name="n"/>th message of a run.</summary>
    public static MessageKind KindOf(long n) => (n % 20) switch
    {
        5 => MessageKind.NewThread,
        15 => MessageKind.NewIdentity,
        _ => MessageKind.KnownIntoExisting,
    };

    /// <summary>The foreign id of existing thread <paramref name="t"/>; its author is <see cref="AuthorOf"/>.</summary>
    public static string ThreadId(int t) => $"flow-thread-{t:D5}";

    /// <summary>The known author of existing thread <paramref name="t"/>.</summary>
    public static string AuthorOf(int t) => $"flow-author-{t:D5}";

    /// <summary>
    /// The <c>messages.create</c> body of message <paramref name="n"/> (unique id <paramref name="id"/>), into one
    /// of <paramref name="threads"/> existing threads unless the mix says otherwise.
    /// </summary>
    public static string Body(string id, long n, int threads, string text)
    {
        var t = (int)(n * 7919 % threads); // spread over the threads, not one after the other
        var (thread, author) = KindOf(n) switch
        {
            MessageKind.NewThread => ($"flow-new-thread-{id}", AuthorOf(t)),
            MessageKind.NewIdentity => (ThreadId(t), $"flow-new-author-{id}"),
            _ => (ThreadId(t), AuthorOf(t)),
        };
        return Message(id, thread, author, text);
    }

    /// <summary>A <c>messages.create</c> body.</summary>
    public static string Message(string id, string threadId, string authorId, string text) => new JsonObject
    {
        ["action"] = "messages.create",
        ["params"] = new JsonObject
        {
            ["id"] = id,
            ["thread_id"] = threadId,
            ["body"] = text,
            ["author"] = new JsonObject { ["id"] = authorId, ["screenname"] = authorId.Replace("flow-", "", StringComparison.Ordinal) },
        },
    }.ToJsonString();
}
