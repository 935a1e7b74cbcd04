using System.CommandLine;

namespace Engage.Cli.Commands;

/// <summary><c>engage webhooks list</c>: webhooks over <c>GET /1.0/webhooks</c>, which older servers do not serve.</summary>
internal static class WebhooksCommands
{
    /// <summary>Builds the group.</summary>
    public static Command Create(CommandFactory factory)
    {
        var group = new Command("webhooks", "Webhooks");
        var list = new Command("list", "List webhooks");
        var (offset, limit) = CommandFactory.AddPaging(list);
        group.Add(factory.WithAction(list, async ctx =>
        {
            using var api = ctx.Api();
            ApiAnswer answer;
            try
            {
                answer = await api.GetAsync("1.0/webhooks", ("offset", ctx.Parse.GetValue(offset)?.ToString()), ("limit", ctx.Parse.GetValue(limit)?.ToString()));
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.NotFound)
            {
                throw new CliException(ExitCodes.NotFound, $"{api.BaseUrl} has no webhooks endpoint (GET /1.0/webhooks answered 404): this server does not support webhooks yet.", e);
            }
            if (ctx.Json) Output.Json(ctx, answer.Text);
            else Output.Table(ctx, answer.Json, Column.Of("Id", "id"), Column.Of("Name", "name"), Column.Of("URL", "url"),
                Column.Of("Active", "active"), Column.Of("Status", "webhook_status"), Column.Of("Events", "registered_events"));
            return ExitCodes.Success;
        }));
        return group;
    }
}
