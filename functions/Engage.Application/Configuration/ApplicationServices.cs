using Engage.Application.Admin;
using Engage.Application.Auth;
using Engage.Application.Channel;
using Engage.Application.Bootstrap;
using Engage.Application.Categories;
using Engage.Application.Identities;
using Engage.Application.Interventions;
using Engage.Application.Replies;
using Engage.Application.Ingest;
using Engage.Application.Outbox;
using Engage.Application.Queries;
using Engage.Application.Security;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Threads;
using Engage.Application.Users;
using Engage.Application.Webhooks;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Application.Configuration;

/// <summary>Registers the application layer: storage clients, stores, use cases. Knows nothing of Azure Functions.</summary>
public static class ApplicationServices
{
    /// <summary>Adds every application service; configuration keys are listed in README.md ("Configuration").</summary>
    public static IServiceCollection AddEngageApplication(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache(o => o.SizeLimit = 200_000);
        services.AddAzureClientsCore();
        services.AddSingleton(sp => StorageConnection.FromConfiguration(configuration, sp.GetRequiredService<AzureComponentFactory>()));
        services.AddSingleton<EngageStorage>();
        services.AddSingleton(_ => new SecretProtector(configuration));
        services.AddSingleton<SourceStore>();
        services.AddSingleton<IdentityStore>();
        services.AddSingleton<OutboxAnnouncer>();
        services.AddSingleton<ThreadStore>();
        services.AddSingleton<ThreadQueries>();
        services.AddSingleton<ThreadSearch>();
        services.AddSingleton<ContentSearch>();
        services.AddSingleton<ThreadTrailPruner>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<TypingLimiter>();
        services.AddSingleton<SendApiService>();
        services.AddSingleton<Messaging.VisitorRateLimiter>();
        services.AddSingleton<Messaging.VisitorService>();
        services.AddSingleton<ReadApi>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxSweeper>();
        services.AddSingleton<Events.EventFactory>();
        services.AddSingleton<Events.EventLog>();
        services.AddSingleton<Events.EventService>();
        services.AddSingleton<Bootstrapper>();
        services.AddHostedService<ConfigurationCheck>();
        services.AddHostedService<TokenUsageShutdownFlush>();
        services.AddSingleton<TokenUsage>();
        services.AddOptions<Limits.RateLimitOptions>().Configure(o =>
        {
            if (configuration.GetValue<int?>("Engage:RateLimit:PerMinute") is { } perMinute) o.PerMinute = perMinute;
        });
        services.AddSingleton<Limits.RateLimiter>();
        services.AddSingleton<Limits.IdempotencyStore>();
        services.AddSingleton<ChannelSdkClient>();
        // Calls to third-party endpoints connect only through EndpointGuard (issue 5, item 8).
        services.AddSingleton(_ => new EndpointGuard(configuration));
        services.AddHttpClient(ChannelSdkClient.HttpClientName, client => client.Timeout = ChannelSdkClient.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<EndpointGuard>().CreateHandler(followRedirects: true));
        services.AddHttpClient(WebhookVerifier.HttpClientName, client => client.Timeout = WebhookVerifier.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<EndpointGuard>().CreateHandler(followRedirects: false));
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookVerifier>();
        services.AddSingleton<WebhookService>();
        services.AddOptions<WebhookDeliveryOptions>().Configure(o =>
        {
            if (configuration.GetValue<TimeSpan?>("Engage:Webhooks:FailureWindow") is { } window) o.FailureWindow = window;
            if (configuration.GetValue<int?>("Engage:Webhooks:FailureMinimum") is { } minimum) o.FailureMinimum = minimum;
            if (configuration.GetValue<TimeSpan?>("Engage:Webhooks:Lease") is { } lease) o.Lease = lease;
        });
        services.AddSingleton<WebhookFanOut>();
        services.AddSingleton<Events.IEventSink>(sp => sp.GetRequiredService<WebhookFanOut>());
        services.AddSingleton<WebhookHealth>();
        if (EventStream.EventStreamSettings.IsConfigured(configuration))
        {
            services.AddSingleton<EventStream.IEventStreamSender>(sp => new EventStream.ServiceBusEventStreamSender(
                EventStream.EventStreamSettings.CreateClient(configuration, sp.GetRequiredService<AzureComponentFactory>())!));
            services.AddSingleton<Events.IEventSink, EventStream.EventStreamPublisher>();
        }
        services.AddSingleton<WebhookDeliverer>();
        services.AddSingleton<WebhookDeliveryLog>();
        services.AddSingleton<WebhookProber>();
        services.AddSingleton<SourceAdmin>();
        services.AddSingleton<ThreadPartition>();
        services.AddSingleton<AnnouncedChange>();
        services.AddSingleton<ThreadService>();
        services.AddSingleton<ContentService>();
        services.AddSingleton<Polling.SourcePoller>();
        services.AddSingleton<Bots.BotService>();
        services.AddSingleton<InterventionIndex>();
        services.AddSingleton<Agents.AgentStatusService>();
        services.AddSingleton<InterventionService>();
        services.AddSingleton<InterventionCommentService>();
        services.AddSingleton<DispositionWorkflow>();
        services.AddSingleton<ReplyService>();
        services.AddSingleton<DiscussionService>();
        services.AddSingleton<ContentComposer>();
        services.AddSingleton<ThreadAliases>();
        services.AddSingleton<OutboundPoster>();
        services.AddSingleton<UserAdmin>();
        services.AddSingleton<TokenAdmin>();
        services.AddSingleton<RoleAdmin>();
        services.AddSingleton<CategoryStore>();
        services.AddSingleton<CategoryService>();
        services.AddSingleton<ThreadCategorizer>();
        services.AddSingleton<Tags.TagStore>();
        services.AddSingleton<Tags.TagService>();
        services.AddSingleton<CustomFields.CustomFieldStore>();
        services.AddSingleton<CustomFields.CustomFieldService>();
        services.AddSingleton<IdentityGroups.IdentityGroupStore>();
        services.AddSingleton<IdentityGroups.IdentityGroupOfIdentity>();
        services.AddSingleton<IdentityGroups.IdentityGroupService>();
        services.AddSingleton<IdentityGroups.IdentityMoves>();
        services.AddSingleton<IdentityImport>();
        return services;
    }
}
