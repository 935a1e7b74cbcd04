using System.CommandLine;

namespace Engage.Cli.Commands;

/// <summary><c>engage tokens add|list|revoke</c>: API access tokens over <c>/1.0/access_tokens</c>.</summary>
internal static class TokensCommands
{
    /// <summary>Builds the group.</summary>
    public static Command Create(CommandFactory factory)
    {
        var group = new Command("tokens", "API access tokens");
        group.Add(Add(factory));
        group.Add(List(factory));
        group.Add(Revoke(factory));
        return group;
    }

    private static Command Add(CommandFactory factory)
    {
        var user = new Option<string?>("--user") { Description = "Id of the token's user (default: the caller)", HelpName = "id" };
        var label = new Option<string>("--label") { Description = "What the token is for", Required = true };
        var command = new Command("add", "Issue a token for a user; prints it once") { user, label };
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var form = new List<KeyValuePair<string, string>> { new("label", ctx.Parse.GetValue(label)!) };
            if (ctx.Parse.GetValue(user) is { } userId) form.Add(new("user_id", userId));
            var answer = await api.SendAsync(HttpMethod.Post, "1.0/access_tokens", form);
            if (ctx.Json)
            {
                Output.Json(ctx, answer.Text);
                return ExitCodes.Success;
            }
            Output.Fields(ctx, answer.Json, ("Id", "id"), ("User id", "user_id"), ("Label", "label"));
            Output.ShownOnce(ctx, "Token", answer.Json?["token"]?.GetValue<string>());
            return ExitCodes.Success;
        });
    }

    private static Command List(CommandFactory factory)
    {
        var user = new Option<string?>("--user") { Description = "Only this user's tokens", HelpName = "id" };
        var command = new Command("list", "List tokens (never their secret)") { user };
        var (offset, limit) = CommandFactory.AddPaging(command);
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var answer = await api.GetAsync("1.0/access_tokens", ("user_id", ctx.Parse.GetValue(user)),
                ("offset", ctx.Parse.GetValue(offset)?.ToString()), ("limit", ctx.Parse.GetValue(limit)?.ToString()));
            if (ctx.Json) Output.Json(ctx, answer.Text);
            else Output.Table(ctx, answer.Json, Column.Of("Id", "id"), Column.Of("User id", "user_id"), Column.Of("Label", "label"),
                Column.Of("Revoked", "revoked"), Column.Of("Last used", "last_used_at"), Column.Of("Created", "created_at"));
            return ExitCodes.Success;
        });
    }

    private static Command Revoke(CommandFactory factory)
    {
        var id = new Argument<string>("id") { Description = "The token's id (from 'tokens list')" };
        var command = new Command("revoke", "Revoke a token; it stops working at once") { id };
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var tokenId = ctx.Parse.GetValue(id)!;
            var answer = await api.SendAsync(HttpMethod.Delete, $"1.0/access_tokens/{Uri.EscapeDataString(tokenId)}", null);
            if (ctx.Json) Output.Json(ctx, answer.Text);
            else ctx.Out.WriteLine($"Revoked token {tokenId} ({Output.Text(answer.Json?["label"])}) of user {Output.Text(answer.Json?["user_id"])}.");
            return ExitCodes.Success;
        });
    }
}
