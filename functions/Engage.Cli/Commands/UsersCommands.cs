using System.CommandLine;
using System.Text.Json.Nodes;

namespace Engage.Cli.Commands;

/// <summary><c>engage users add|list</c>: users over <c>/1.0/users</c>, roles resolved by label, per-source permissions.</summary>
internal static class UsersCommands
{
    /// <summary>Builds the group.</summary>
    public static Command Create(CommandFactory factory)
    {
        var group = new Command("users", "Users (agents, bots, admins)");
        group.Add(Add(factory));
        group.Add(List(factory));
        return group;
    }

    private static Command Add(CommandFactory factory)
    {
        var email = new Option<string>("--email") { Description = "The user's email", Required = true };
        var role = new Option<string>("--role") { Description = "Role label (admin, agent, bot, ...) or role id", Required = true };
        var firstname = new Option<string?>("--firstname") { Description = "First name" };
        var lastname = new Option<string?>("--lastname") { Description = "Last name" };
        var source = new Option<string[]>("--source")
        {
            Description = "Permissions on a source, as <sourceId>=read,reply (repeatable)",
            HelpName = "sourceId=permissions",
            AllowMultipleArgumentsPerToken = true,
        };
        source.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (ParsePermission(token.Value) is null) result.AddError($"--source '{token.Value}' is not <sourceId>=<permission>,<permission>.");
            }
        });
        var command = new Command("add", "Create a user, optionally with permissions on sources") { email, role, firstname, lastname, source };
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var roles = await api.GetAsync("1.0/roles", ("limit", "150"));
            var roleText = ctx.Parse.GetValue(role)!;
            var roleId = ResolveRole(roles.Json, roleText);
            var form = new List<KeyValuePair<string, string>> { new("email", ctx.Parse.GetValue(email)!), new("role_id", roleId) };
            if (ctx.Parse.GetValue(firstname) is { } f) form.Add(new("firstname", f));
            if (ctx.Parse.GetValue(lastname) is { } l) form.Add(new("lastname", l));
            var created = await api.SendAsync(HttpMethod.Post, "1.0/users", form);
            var user = created.Json as JsonObject ?? [];
            var userId = Output.Text(user["id"]);

            var permissions = (ctx.Parse.GetValue(source) ?? []).Select(s => ParsePermission(s)!.Value).ToList();
            if (permissions.Count > 0)
            {
                ApiAnswer granted;
                try
                {
                    granted = await api.SendAsync(HttpMethod.Put, $"1.0/users/{Uri.EscapeDataString(userId)}/sources_permissions", permissions);
                }
                catch (CliException e)
                {
                    throw new CliException(e.ExitCode, $"User {userId} was created, but setting its source permissions failed: {e.Message}", e);
                }
                user["sources_permissions"] = granted.Json?.DeepClone();
            }

            if (ctx.Json)
            {
                Output.Json(ctx, permissions.Count > 0 ? user.ToJsonString() : created.Text);
                return ExitCodes.Success;
            }
            Output.Fields(ctx, user, ("Id", "id"), ("Email", "email"), ("First name", "firstname"), ("Last name", "lastname"), ("Role id", "role_id"), ("Enabled", "enabled"));
            if (user["sources_permissions"] is JsonObject perms)
            {
                foreach (var (sourceId, list) in perms) ctx.Out.WriteLine($"Source {sourceId}: {Output.Text(list)}");
            }
            return ExitCodes.Success;
        });
    }

    private static Command List(CommandFactory factory)
    {
        var command = new Command("list", "List users");
        var (offset, limit) = CommandFactory.AddPaging(command);
        return factory.WithAction(command, async ctx =>
        {
            using var api = ctx.Api();
            var answer = await api.GetAsync("1.0/users", ("offset", ctx.Parse.GetValue(offset)?.ToString()), ("limit", ctx.Parse.GetValue(limit)?.ToString()));
            if (ctx.Json)
            {
                Output.Json(ctx, answer.Text);
                return ExitCodes.Success;
            }
            var labels = ((await api.GetAsync("1.0/roles", ("limit", "150"))).Json?["records"] as JsonArray ?? [])
                .OfType<JsonObject>().ToDictionary(r => Output.Text(r["id"]), r => Output.Text(r["label"]));
            Output.Table(ctx, answer.Json, Column.Of("Id", "id"), Column.Of("Email", "email"),
                new Column("Name", r => $"{Output.Text(r["firstname"])} {Output.Text(r["lastname"])}".Trim()),
                new Column("Role", r => labels.GetValueOrDefault(Output.Text(r["role_id"]), Output.Text(r["role_id"]))),
                Column.Of("Enabled", "enabled"));
            return ExitCodes.Success;
        });
    }

    /// <summary>The role id whose label (case-insensitive) or id is <paramref name="role"/>; else the text itself, which the API will refuse.</summary>
    internal static string ResolveRole(JsonNode? roles, string role)
    {
        var records = (roles?["records"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var match = records.FirstOrDefault(r => Output.Text(r["id"]) == role)
            ?? records.FirstOrDefault(r => string.Equals(Output.Text(r["label"]), role, StringComparison.OrdinalIgnoreCase));
        return match is null ? role : Output.Text(match["id"]);
    }

    private static KeyValuePair<string, string>? ParsePermission(string value)
    {
        var at = value.IndexOf('=');
        if (at <= 0) return null;
        return new(value[..at].Trim(), value[(at + 1)..].Trim());
    }
}
