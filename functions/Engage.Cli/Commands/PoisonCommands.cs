using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Spectre.Console;

namespace Engage.Cli.Commands;

/// <summary>
/// <c>engage poison list|requeue</c>: messages that failed too often sit in <c>&lt;queue&gt;-poison</c>. These commands read
/// that queue directly in storage and move messages back to <c>&lt;queue&gt;</c> (send, then delete). Messages are base64,
/// as the queue trigger expects, so their text round-trips unchanged.
/// </summary>
internal static class PoisonCommands
{
    private const int Batch = 32;

    /// <summary>Builds the group.</summary>
    public static Command Create(CommandFactory factory)
    {
        var group = new Command("poison", "Poison queues (direct storage access)") { factory.Options.Storage };
        group.Add(List(factory));
        group.Add(Requeue(factory));
        return group;
    }

    private static Option<string> QueueOption()
    {
        var queue = new Option<string>("--queue") { Description = "The queue whose poison queue to use", DefaultValueFactory = _ => "outbox" };
        queue.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value.EndsWith("-poison", StringComparison.Ordinal)) result.AddError("--queue names the queue itself, without -poison.");
        });
        return queue;
    }

    private static Command List(CommandFactory factory)
    {
        var queue = QueueOption();
        var command = new Command("list", $"List the messages of <queue>-poison (the first {Batch})") { queue };
        return factory.WithAction(command, async ctx =>
        {
            var queues = Queues.Open(ctx, ctx.Parse.GetValue(queue)!);
            var records = new JsonArray();
            long approximate = 0;
            if (await queues.Poison.ExistsAsync(ctx.CancellationToken))
            {
                approximate = (await queues.Poison.GetPropertiesAsync(ctx.CancellationToken)).Value.ApproximateMessagesCountLong;
                foreach (var m in (await queues.Poison.PeekMessagesAsync(Batch, ctx.CancellationToken)).Value) records.Add(ToJson(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body));
            }
            queues.WarnUndecodable(ctx);
            if (ctx.Json)
            {
                Output.Json(ctx, new JsonObject { ["queue"] = queues.Poison.Name, ["count"] = approximate, ["records"] = records });
                return ExitCodes.Success;
            }
            ctx.Out.WriteLine($"{queues.Poison.Name}: about {approximate} message(s).");
            Output.Table(ctx, new JsonObject { ["count"] = Math.Max(approximate, records.Count), ["offset"] = 0, ["records"] = records },
                Column.Of("Id", "id"), Column.Of("Inserted", "inserted_at"), Column.Of("Dequeues", "dequeue_count"), Column.Of("Text", "text"));
            return ExitCodes.Success;
        });
    }

    private static Command Requeue(CommandFactory factory)
    {
        var queue = QueueOption();
        var ids = new Option<string[]>("--id") { Description = "Id of a message to move back (repeatable)", HelpName = "messageId" };
        var all = new Option<bool>("--all") { Description = "Move every message back" };
        var command = new Command("requeue", "Move messages from <queue>-poison back to <queue> (without --id or --all: choose at a prompt)") { queue, ids, all };
        command.Validators.Add(result =>
        {
            if (result.GetValue(all) && result.GetValue(ids) is { Length: > 0 }) result.AddError("Pass either --id or --all, not both.");
        });
        return factory.WithAction(command, async ctx =>
        {
            var queues = Queues.Open(ctx, ctx.Parse.GetValue(queue)!);
            var wanted = ctx.Parse.GetValue(ids) is { Length: > 0 } given ? new HashSet<string>(given) : null;
            if (wanted is null && !ctx.Parse.GetValue(all)) wanted = await ChooseAsync(ctx, queues);
            if (wanted is { Count: 0 })
            {
                ctx.Out.WriteLine("Nothing chosen.");
                return ExitCodes.Success;
            }

            var moved = ctx.Interactive
                ? await ctx.Console.Status().StartAsync($"Moving messages from {queues.Poison.Name} to {queues.Target.Name}...", _ => MoveAsync(ctx, queues, wanted))
                : await MoveAsync(ctx, queues, wanted);
            queues.WarnUndecodable(ctx);

            if (ctx.Json) Output.Json(ctx, new JsonObject { ["queue"] = queues.Target.Name, ["from"] = queues.Poison.Name, ["requeued"] = new JsonArray([.. moved.Select(id => (JsonNode)id)]) });
            else ctx.Out.WriteLine($"Requeued {moved.Count} message(s) from {queues.Poison.Name} to {queues.Target.Name}{(moved.Count > 0 ? ": " + string.Join(", ", moved) : ".")}");

            var missing = wanted?.Except(moved).ToList() ?? [];
            if (missing.Count > 0) throw new CliException(ExitCodes.NotFound, $"No message {string.Join(", ", missing)} in {queues.Poison.Name}.");
            return ExitCodes.Success;
        });
    }

    /// <summary>Receives batches from the poison queue; sends each wanted message to the target, then deletes it; releases the others.</summary>
    private static async Task<List<string>> MoveAsync(CliContext ctx, Queues queues, HashSet<string>? wanted)
    {
        var moved = new List<string>();
        var skipped = new List<QueueMessage>();
        if (!await queues.Poison.ExistsAsync(ctx.CancellationToken)) return moved;
        await queues.Target.CreateIfNotExistsAsync(cancellationToken: ctx.CancellationToken);
        try
        {
            while (wanted is null || moved.Count < wanted.Count)
            {
                // Received messages stay invisible for a minute, so each batch brings new ones until the queue is drained.
                var batch = (await queues.Poison.ReceiveMessagesAsync(Batch, TimeSpan.FromMinutes(1), ctx.CancellationToken)).Value;
                if (batch.Length == 0) break;
                foreach (var message in batch)
                {
                    if (wanted is not null && !wanted.Contains(message.MessageId))
                    {
                        skipped.Add(message);
                        continue;
                    }
                    await queues.Target.SendMessageAsync(message.Body, cancellationToken: ctx.CancellationToken);
                    await queues.Poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ctx.CancellationToken);
                    moved.Add(message.MessageId);
                }
            }
        }
        finally
        {
            foreach (var message in skipped)
            {
                await queues.Poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero, CancellationToken.None);
            }
        }
        return moved;
    }

    private static async Task<HashSet<string>> ChooseAsync(CliContext ctx, Queues queues)
    {
        if (!ctx.Interactive) throw new CliException(ExitCodes.Usage, "Pass --id <messageId> or --all (no terminal to choose at a prompt).");
        var peeked = await queues.Poison.ExistsAsync(ctx.CancellationToken)
            ? (await queues.Poison.PeekMessagesAsync(Batch, ctx.CancellationToken)).Value
            : [];
        if (peeked.Length == 0) return [];
        var texts = peeked.ToDictionary(m => m.MessageId, m => Preview(m.Body.ToString()));
        var prompt = new MultiSelectionPrompt<string>()
            .Title($"Messages to move from [bold]{Markup.Escape(queues.Poison.Name)}[/] to [bold]{Markup.Escape(queues.Target.Name)}[/]")
            .NotRequired()
            .PageSize(15)
            .UseConverter(id => Markup.Escape($"{id}  {texts[id]}"))
            .AddChoices(texts.Keys);
        return [.. await prompt.ShowAsync(ctx.Console, ctx.CancellationToken)];
    }

    private static string Preview(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static JsonObject ToJson(string id, DateTimeOffset? inserted, long dequeueCount, BinaryData body) => new()
    {
        ["id"] = id,
        ["inserted_at"] = inserted?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["dequeue_count"] = dequeueCount,
        ["text"] = body.ToString(),
    };

    /// <summary>The poison queue and its target, with base64 encoding; counts messages that are not base64.</summary>
    private sealed class Queues
    {
        private readonly StrongBox<int> _undecodable = new();

        private Queues(QueueServiceClient service, string name, StrongBox<int> undecodable)
        {
            Poison = service.GetQueueClient(name + "-poison");
            Target = service.GetQueueClient(name);
            _undecodable = undecodable;
        }

        /// <summary><c>&lt;queue&gt;-poison</c>.</summary>
        public QueueClient Poison { get; }

        /// <summary><c>&lt;queue&gt;</c>.</summary>
        public QueueClient Target { get; }

        public static Queues Open(CliContext ctx, string name)
        {
            var undecodable = new StrongBox<int>();
            var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
            options.Retry.MaxRetries = 2;
            options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            options.MessageDecodingFailed += _ =>
            {
                Interlocked.Increment(ref undecodable.Value);
                return Task.CompletedTask;
            };
            try
            {
                return new Queues(new QueueServiceClient(ctx.Storage, options), name, undecodable);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new CliException(ExitCodes.Usage, $"--storage is not a valid storage connection string: {e.Message}", e);
            }
        }

        public void WarnUndecodable(CliContext ctx)
        {
            if (_undecodable.Value > 0) ctx.Error.WriteLine($"warning: {_undecodable.Value} message(s) in {Poison.Name} are not base64 and were skipped; they stay in place.");
        }
    }
}
