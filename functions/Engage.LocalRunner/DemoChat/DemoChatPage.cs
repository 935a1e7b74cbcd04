using System.Net;
using Engage.Application.Sources;
using Engage.Domain.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.LocalRunner.DemoChat;

/// <summary>
/// A demo page for the web chat widget (issue 8), served by the local runner only at
/// <c>/_demo/chat?source_id=...</c>: a plain page embedding <c>/messaging/widget.js</c> with one script tag, as a
/// customer's site would. The Functions host never serves it.
/// </summary>
public static class DemoChatPage
{
    /// <summary>Where the page is served.</summary>
    public const string Path = "/_demo/chat";

    /// <summary>Name of the messaging source the runner creates (or reuses) for the demo.</summary>
    public const string SourceName = "Web chat demo";

    /// <summary>Serves the page ahead of the functions' routes.</summary>
    public static IServiceCollection AddDemoChatPage(this IServiceCollection services) =>
        services.AddSingleton<IStartupFilter, StartupFilter>();

    /// <summary>The page for <paramref name="sourceId"/>; every value is HTML-encoded.</summary>
    public static string Html(string sourceId) => $$"""
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Engage web chat demo</title>
          <style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}pre{overflow-x:auto}</style>
        </head>
        <body>
          <main>
            <h1>Engage web chat demo</h1>
            <p>This page embeds the widget with one tag. Open the chat (bottom right), write a message, then answer it
            as an agent through the REST API (<code>POST /1.0/contents</code>).</p>
            <pre><code>&lt;script src="/messaging/widget.js" data-source-id="{{WebUtility.HtmlEncode(sourceId)}}" async&gt;&lt;/script&gt;</code></pre>
          </main>
          <script src="/messaging/widget.js" data-source-id="{{WebUtility.HtmlEncode(sourceId)}}" async></script>
        </body>
        </html>
        """;

    /// <summary>
    /// The demo messaging source: the one named <see cref="SourceName"/> if there is one, else a new one; active, in
    /// messaging mode, allowing pages from <paramref name="baseUrl"/>. Returns its id.
    /// </summary>
    public static async Task<string> EnsureSourceAsync(IServiceProvider services, string baseUrl, CancellationToken cancellationToken)
    {
        var sources = services.GetRequiredService<SourceStore>();
        var storage = services.GetRequiredService<Application.Storage.EngageStorage>();
        var time = services.GetRequiredService<TimeProvider>();
        var settings = MessagingSettings.Default with
        {
            WelcomeMessage = "Hello! Ask us anything.",
            AllowedOrigins = [MessagingSettings.NormalizeOrigin(baseUrl)],
        };
        var existing = (await sources.ListAsync(cancellationToken)).FirstOrDefault(s => s.Type == "messaging" && s.Name == SourceName);
        if (existing is null)
        {
            var created = await sources.CreateAsync(SourceName, "messaging", Application.Security.TokenHasher.NewSecret(), null, [], active: true, time.GetUtcNow(), cancellationToken, settings);
            return created.Id;
        }
        // The runner's port may differ from the last run: allow this run's origin.
        SourceStore.SetMessaging(existing, settings);
        existing.Active = true;
        existing.UpdatedAt = time.GetUtcNow();
        await storage.SubmitAsync(Application.Storage.StorageNames.SourcesTable, [new(Azure.Data.Tables.TableTransactionActionType.UpdateReplace, existing, existing.ETag)], cancellationToken);
        return existing.Id;
    }

    private sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, branch => branch.Run(async context =>
            {
                var sourceId = context.Request.Query["source_id"].ToString();
                if (!Application.Ids.EngageIdGuard.IsId(sourceId))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    await context.Response.WriteAsync("Give ?source_id= the id of a messaging source.");
                    return;
                }
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.CacheControl = "no-store";
                await context.Response.WriteAsync(Html(sourceId));
            }));
            next(app);
        };
    }
}
