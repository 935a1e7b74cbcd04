using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Interventions;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Application.Users;
using Engage.Domain.Agents;
using Engage.Domain.Api;

namespace Engage.Application.Agents;

/// <summary>
/// Agent availability (openapi.yaml, <c>/status</c> and <c>/status/{agentId}</c>). A channel here is a source: an
/// agent's channels are the sources they may reply on. An agent is connected once they have set their status and
/// while their last sign of life (that update, or an API call) is recent (<see cref="AgentAvailability.ConnectionTimeout"/>).
/// Busyness counts the agent's open interventions per source (<see cref="AgentAvailability.Busyness"/>).
/// </summary>
public sealed class AgentStatusService(EngageStorage storage, UserStore users, SourceStore sources, InterventionIndex interventions, TimeProvider time)
{
    private TableClient Presence => storage.Table(StorageNames.AgentPresenceTable);

    /// <summary><c>GET /1.0/status</c>: every connected, enabled agent; <paramref name="sourceIds"/> keeps those who may reply on one of them.</summary>
    /// <exception cref="EngageException">403 without <c>monitor_tasks</c>; 422 for the filters not served (categories, teams, languages).</exception>
    public async Task<IReadOnlyList<AgentStatusView>> ListAsync(Caller caller, IReadOnlyList<string> sourceIds, IReadOnlyList<string> categoryIds, IReadOnlyList<string> teamIds, IReadOnlyList<string> spokenLanguages, CancellationToken cancellationToken)
    {
        caller.Require("monitor_tasks");
        if (categoryIds.Count > 0 || teamIds.Count > 0 || spokenLanguages.Count > 0)
        {
            throw EngageException.Unprocessable("invalid_parameter", "Only source_ids[] filters agents here: categories, teams and spoken languages are not served.");
        }
        var context = await ContextAsync(cancellationToken);
        var presences = await Presence.AllAsync<AgentPresenceEntity>(null, cancellationToken);
        var result = new List<AgentStatusView>();
        foreach (var presence in presences.OrderBy(p => p.PartitionKey, StringComparer.Ordinal))
        {
            if (context.Agent(presence.PartitionKey) is not { } agent || !context.IsConnected(presence)) continue;
            var channels = context.ChannelsOf(agent);
            if (sourceIds.Count > 0 && !channels.Any(c => sourceIds.Contains(c.Id))) continue;
            result.Add(context.View(agent, presence));
        }
        return result;
    }

    /// <summary><c>GET /1.0/status/{agentId}</c>.</summary>
    /// <exception cref="EngageException">403 unless the caller is the agent or has <c>monitor_tasks</c>; 404 <c>not_found</c> for no such enabled user; 404 <c>disconnected</c>.</exception>
    public async Task<AgentStatusView> GetAsync(Caller caller, string agentId, CancellationToken cancellationToken)
    {
        RequireSelfOrMonitor(caller, agentId);
        var context = await ContextAsync(cancellationToken);
        var agent = context.Agent(agentId) ?? throw EngageException.NotFound("User");
        var presence = await Presence.FindAsync<AgentPresenceEntity>(agentId, string.Empty, cancellationToken);
        if (presence is null || !context.IsConnected(presence)) throw new EngageException(404, "disconnected", "The agent is not connected.");
        return context.View(agent, presence);
    }

    /// <summary>
    /// <c>PUT /1.0/status/{agentId}</c> with <c>status[channel_id]=available|away</c> for every channel of the agent;
    /// connects the agent. <paramref name="customStatusId"/> is ignored when <paramref name="channels"/> is given.
    /// </summary>
    /// <exception cref="EngageException">
    /// 403 unless the caller is the agent or has <c>monitor_tasks</c>; 404 for no such enabled user; 422
    /// <c>missing_parameter</c>, <c>invalid_parameter</c> (a value other than available/away, a custom status: presence
    /// statuses are not served), <c>unknown_channel</c> or <c>missing_channels</c> (the hash must name every channel).
    /// </exception>
    public async Task<AgentStatusView> UpdateAsync(Caller caller, string agentId, IReadOnlyDictionary<string, IReadOnlyList<string>> channels, string? customStatusId, CancellationToken cancellationToken)
    {
        RequireSelfOrMonitor(caller, agentId);
        var context = await ContextAsync(cancellationToken);
        var agent = context.Agent(agentId) ?? throw EngageException.NotFound("User");
        if (channels.Count == 0)
        {
            throw customStatusId is null
                ? EngageException.Unprocessable("missing_parameter", "status[<channel id>]=available|away is required for every channel of the agent.")
                : EngageException.Unprocessable("invalid_parameter", "custom_status_id is not supported: presence statuses are not served.");
        }
        var own = context.ChannelsOf(agent).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var statuses = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (channel, values) in channels)
        {
            if (!own.Contains(channel)) throw EngageException.Unprocessable("unknown_channel", $"{channel} is not a channel of this agent (a source they may reply on).");
            var value = values.Count == 0 ? string.Empty : values[^1];
            if (!AgentAvailability.IsStatus(value)) throw EngageException.Unprocessable("invalid_parameter", $"status[{channel}] must be available or away.");
            statuses[channel] = value;
        }
        var missing = own.Where(c => !statuses.ContainsKey(c)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0) throw EngageException.Unprocessable("missing_channels", $"status must name every channel of the agent; missing: {string.Join(", ", missing)}.");

        var presence = new AgentPresenceEntity { PartitionKey = agentId, RowKey = string.Empty, ChannelsJson = JsonSerializer.Serialize(statuses), SetAt = time.GetUtcNow() };
        // Last writer wins: each update states every channel, so nothing of an earlier one needs keeping.
        await storage.SubmitAsync(StorageNames.AgentPresenceTable, [new(TableTransactionActionType.UpsertReplace, presence)], cancellationToken);
        return context.View(agent, presence);
    }

    private static void RequireSelfOrMonitor(Caller caller, string agentId)
    {
        if (caller.User.Id != agentId) caller.Require("monitor_tasks");
    }

    private async Task<StatusContext> ContextAsync(CancellationToken cancellationToken)
    {
        var usersTask = users.ListUsersAsync(cancellationToken);
        var rolesTask = users.ListRolesAsync(cancellationToken);
        var sourcesTask = sources.ListAsync(cancellationToken);
        var tokensTask = users.ListAllTokensAsync(cancellationToken);
        var openTask = interventions.OpenAsync(cancellationToken);
        await Task.WhenAll(usersTask, rolesTask, sourcesTask, tokensTask, openTask);
        return new StatusContext(await usersTask, await rolesTask, await sourcesTask, await tokensTask, await openTask, time.GetUtcNow());
    }

    /// <summary>Everything one status answer reads, read once.</summary>
    private sealed class StatusContext
    {
        private readonly Dictionary<string, Caller> _agents = new(StringComparer.Ordinal);
        private readonly IReadOnlyList<SourceEntity> _sources;
        private readonly Dictionary<string, DateTimeOffset> _lastApiUse;
        private readonly Dictionary<(string User, string Source), int> _open;
        private readonly DateTimeOffset _now;

        public StatusContext(IReadOnlyList<UserEntity> users, IReadOnlyList<RoleEntity> roles, IReadOnlyList<SourceEntity> sources, IReadOnlyList<AccessTokenEntity> tokens, IReadOnlyList<InterventionIndexEntity> open, DateTimeOffset now)
        {
            var rolesById = roles.ToDictionary(r => r.Id, StringComparer.Ordinal);
            foreach (var user in users.Where(u => u.Enabled))
            {
                if (rolesById.TryGetValue(user.RoleId, out var role)) _agents[user.Id] = Caller.Of(user, role);
            }
            _sources = sources.OrderBy(s => s.CreatedAt).ToList();
            _lastApiUse = tokens.Where(t => t.LastUsedAt is not null && !t.Revoked).GroupBy(t => t.UserId).ToDictionary(g => g.Key, g => g.Max(t => t.LastUsedAt!.Value), StringComparer.Ordinal);
            _open = open.GroupBy(v => (v.UserId, v.PartitionKey)).ToDictionary(g => g.Key, g => g.Count());
            _now = now;
        }

        public Caller? Agent(string id) => _agents.GetValueOrDefault(id);

        public bool IsConnected(AgentPresenceEntity presence)
        {
            var lastSeen = _lastApiUse.TryGetValue(presence.PartitionKey, out var used) && used > presence.SetAt ? used : presence.SetAt;
            return AgentAvailability.IsConnected(lastSeen, _now);
        }

        public IReadOnlyList<SourceEntity> ChannelsOf(Caller agent) => _sources.Where(s => agent.HasSourcePermission(s.Id, "reply")).ToList();

        public AgentStatusView View(Caller agent, AgentPresenceEntity presence)
        {
            var statuses = JsonSerializer.Deserialize<Dictionary<string, string>>(presence.ChannelsJson) ?? [];
            var channels = ChannelsOf(agent).Select(s => new AgentChannelView(
                s.Id,
                s.Name,
                statuses.GetValueOrDefault(s.Id, AgentAvailability.Away),
                AgentAvailability.Busyness(_open.GetValueOrDefault((agent.User.Id, s.Id))))).ToList();
            return new AgentStatusView(agent.User.Id, channels, CustomStatus: null);
        }
    }
}

/// <summary>One agent as <c>components/schemas/AgentStatus</c>: <c>{agent_id, channels, custom_status}</c>; custom statuses are not served, so it is null.</summary>
public sealed record AgentStatusView(string AgentId, IReadOnlyList<AgentChannelView> Channels, object? CustomStatus);

/// <summary>One channel as <c>AgentStatusChannel</c>: the source's id and name, <c>available</c>/<c>away</c>, and busyness.</summary>
public sealed record AgentChannelView(string Id, string Name, string Status, string Busyness);
