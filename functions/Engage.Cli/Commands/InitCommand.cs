using System.CommandLine;
using System.Text.Json.Nodes;
using Engage.Application.Bootstrap;
using Engage.Application.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Engage.Cli.Commands;

/// <summary>
/// <c>engage init</c>: runs the bootstrap directly against storage (no token exists yet): tables, queues, roles,
/// the first admin, the demo source, and a fresh admin token. Idempotent; each run revokes the previous bootstrap token.
/// </summary>
internal static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CommandFactory factory)
    {
        var dev = new Option<bool>("--dev") { Description = "Local development: without Engage__SecretKey, use the fixed development-only key" };
        var tableEndpoint = new Option<string?>("--table-endpoint") { Description = "Azure: the storage account's table endpoint, used with your Azure sign-in (az login) instead of --storage", HelpName = "url" };
        var queueEndpoint = new Option<string?>("--queue-endpoint") { Description = "Azure: the storage account's queue endpoint (with --table-endpoint)", HelpName = "url" };
        var adminEmail = new Option<string?>("--admin-email") { Description = "Email of the first admin (env Engage__Bootstrap__AdminEmail, default admin@engage.local)", HelpName = "email" };
        var command = new Command("init", "Bootstrap storage: tables, queues, roles, the first admin, a demo source; prints a new admin token")
        {
            factory.Options.Storage, dev, adminEmail, tableEndpoint, queueEndpoint,
        };
        return factory.WithAction(command, ctx => RunAsync(ctx, ctx.Parse.GetValue(dev), ctx.Parse.GetValue(adminEmail), ctx.Parse.GetValue(tableEndpoint), ctx.Parse.GetValue(queueEndpoint)));
    }

    private static async Task<int> RunAsync(CliContext ctx, bool dev, string? adminEmail, string? tableEndpoint, string? queueEndpoint)
    {
        // A deployed storage account refuses shared keys: there the bootstrap signs in as you (DefaultAzureCredential).
        var settings = tableEndpoint is not null || queueEndpoint is not null
            ? new Dictionary<string, string?> { ["Storage:tableServiceUri"] = tableEndpoint, ["Storage:queueServiceUri"] = queueEndpoint }
            : new Dictionary<string, string?> { ["Storage"] = ctx.Storage };
        if (Environment.GetEnvironmentVariable("Engage__SecretKey") is { Length: > 0 } key) settings["Engage:SecretKey"] = key;
        adminEmail ??= Environment.GetEnvironmentVariable("Engage__Bootstrap__AdminEmail");
        if (adminEmail is { Length: > 0 }) settings["Engage:Bootstrap:AdminEmail"] = adminEmail;
        if (dev) settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var baseUrl = ctx.BaseUrl.ToString().TrimEnd('/');

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEngageApplication(configuration);
        await using var provider = services.BuildServiceProvider();
        Bootstrapper bootstrapper;
        try
        {
            bootstrapper = provider.GetRequiredService<Bootstrapper>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            var hint = dev ? "" : " For local storage (Azurite) pass --dev.";
            throw new CliException(ExitCodes.Usage, $"Cannot use this storage configuration: {e.Message}{hint}", e);
        }

        BootstrapResult result;
        if (ctx.Interactive)
        {
            result = await ctx.Console.Status().StartAsync("Bootstrapping storage...", _ => bootstrapper.RunAsync(baseUrl, ctx.CancellationToken));
        }
        else
        {
            result = await bootstrapper.RunAsync(baseUrl, ctx.CancellationToken);
        }

        if (ctx.Json)
        {
            Output.Json(ctx, new JsonObject
            {
                ["base_url"] = result.BaseUrl,
                ["admin_email"] = result.AdminEmail,
                ["token"] = result.Token,
                ["source_id"] = result.SourceId,
                ["source_secret"] = result.SourceSecret,
            });
        }
        else
        {
            ctx.Out.Write(result.ToString());
        }
        return ExitCodes.Success;
    }
}
