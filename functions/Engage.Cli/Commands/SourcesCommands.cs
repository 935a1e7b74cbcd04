using System.CommandLine;

namespace Engage.Cli.Commands;

/// <summary><c>engage sources add|list|rotate</c>: content sources over <c>/1.0/content_sources</c>.</summary>
internal static class SourcesCommands
{
    private static readonly (string, string)[] Fields =
    [
        ("Id", "id"), ("Name", "name"), ("Type", "type"), ("Active", "active"), ("Endpoint URL", "endpoint_url"), ("Inactive reason", "inactive_reason"),
    ];

    /// <summary>Builds the group.</summary>
    public static Command Create(CommandFactory factory)
    {
        var group = new Command("sources", "Content sources (channel bridges)");
        group.Add(Add(factory));
        group.Add(List(factory));
        group.Add(Rotate(factory));
        return group;
    }

    private static Command Add(CommandFactory factory)
    {
        var name = new Option<string>("--name") { Description = "Name of the source", Required = true };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "URL of the channel bridge (channel SDK sources)", HelpName = "url" };
        var secret = new Option<string?>("--secret") { Description = "The signing secret, 16 to 255 printable ASCII characters (generated when absent)" };
        var type = new Option<string?>("--type") { Description = "sdk (default) or messaging" };
        type.AcceptOnlyFromAmong("sdk", "messaging");
        var active = new Option<bool>("--active") { Description = "Activate it (sends implementation.info to the endpoint)" };
        var command = new Command("add", "Create a source; prints its secret once") { name, endpoint, secret, type, active };
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var form = new List<KeyValuePair<string, string>> { new("name", ctx.Parse.GetValue(name)!) };
            if (ctx.Parse.GetValue(endpoint) is { } url) form.Add(new("endpoint_url", url));
            if (ctx.Parse.GetValue(secret) is { } s) form.Add(new("secret", s));
            if (ctx.Parse.GetValue(type) is { } t) form.Add(new("type", t));
            if (ctx.Parse.GetValue(active)) form.Add(new("active", "true"));
            var answer = await api.SendAsync(HttpMethod.Post, "1.0/content_sources", form);
            if (ctx.Parse.GetValue(active) && answer.Json?["active"]?.GetValue<bool>() == false)
            {
                await ctx.Error.WriteLineAsync($"warning: the source was created but not activated: {Output.Text(answer.Json?["inactive_reason"])}");
            }
            if (ctx.Json)
            {
                Output.Json(ctx, answer.Text);
                return ExitCodes.Success;
            }
            Output.Fields(ctx, answer.Json, Fields);
            Output.ShownOnce(ctx, "Secret", answer.Json?["secret"]?.GetValue<string>());
            return ExitCodes.Success;
        });
    }

    private static Command List(CommandFactory factory)
    {
        var command = new Command("list", "List the sources the token can read");
        var (offset, limit) = CommandFactory.AddPaging(command);
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var answer = await api.GetAsync("1.0/content_sources", ("offset", ctx.Parse.GetValue(offset)?.ToString()), ("limit", ctx.Parse.GetValue(limit)?.ToString()));
            if (ctx.Json) Output.Json(ctx, answer.Text);
            else Output.Table(ctx, answer.Json, Column.Of("Id", "id"), Column.Of("Name", "name"), Column.Of("Type", "type"), Column.Of("Active", "active"),
                Column.Of("Endpoint URL", "endpoint_url"), Column.Of("Inactive reason", "inactive_reason"));
            return ExitCodes.Success;
        });
    }

    private static Command Rotate(CommandFactory factory)
    {
        var id = new Argument<string>("id") { Description = "The source's id" };
        var command = new Command("rotate", "Give a source a new secret; prints it once (the old one stops working)") { id };
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var sourceId = ctx.Parse.GetValue(id)!;
            var answer = await api.SendAsync(HttpMethod.Put, $"1.0/content_sources/{Uri.EscapeDataString(sourceId)}", [new("rotate_secret", "true")]);
            if (ctx.Json)
            {
                Output.Json(ctx, answer.Text);
                return ExitCodes.Success;
            }
            ctx.Out.WriteLine($"Rotated the secret of source {sourceId} ({Output.Text(answer.Json?["name"])}).");
            Output.ShownOnce(ctx, "New secret", answer.Json?["secret"]?.GetValue<string>());
            return ExitCodes.Success;
        });
    }
}
