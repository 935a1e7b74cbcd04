using System.Text;
using Engage.Application.Json;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Users;
using Engage.Domain.Channel;
using Microsoft.Extensions.Configuration;

namespace Engage.Application.Bootstrap;

/// <summary>
/// Sets up a domain so it can be used at once, idempotently: creates tables and queues, the roles admin, agent
/// and bot, the first admin user (<c>Engage:Bootstrap:AdminEmail</c>, default <c>admin@engage.local</c>), and a
/// demo channel SDK source. Each run issues a fresh <c>bootstrap</c> token for the admin and revokes the
/// previous one, since stored tokens are hashed and cannot be shown again.
/// </summary>
public sealed class Bootstrapper(EngageStorage storage, UserStore users, SourceStore sources, IConfiguration configuration, TimeProvider time)
{
    /// <summary>Name of the demo source.</summary>
    public const string DemoSourceName = "Demo channel SDK source";

    /// <summary>Runs the bootstrap; <paramref name="baseUrl"/> is printed in the result.</summary>
    public async Task<BootstrapResult> RunAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await storage.EnsureCreatedAsync(cancellationToken);
        var roles = await users.ListRolesAsync(cancellationToken);
        var admin = roles.FirstOrDefault(r => r.Label == "admin") ?? await users.CreateRoleAsync("admin", RoleView.Flags, allSources: true, now, cancellationToken);
        if (roles.All(r => r.Label != "agent")) await users.CreateRoleAsync("agent", AgentPermissions, allSources: false, now, cancellationToken);
        if (roles.All(r => r.Label != "bot")) await users.CreateRoleAsync("bot", BotPermissions, allSources: false, now, cancellationToken);

        var email = configuration["Engage:Bootstrap:AdminEmail"] ?? "admin@engage.local";
        var user = (await users.ListUsersAsync(cancellationToken)).FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase))
            ?? await users.CreateUserAsync(email, "Admin", null, admin.Id, now, cancellationToken);
        foreach (var old in (await users.ListTokensAsync(user.Id, cancellationToken)).Where(t => t.Label == "bootstrap" && !t.Revoked))
        {
            await users.RevokeTokenAsync(old, cancellationToken);
        }
        var (token, _) = await users.IssueTokenAsync(user.Id, "bootstrap", now, cancellationToken);

        var source = (await sources.ListAsync(cancellationToken)).FirstOrDefault(s => s.Name == DemoSourceName)
            ?? await sources.CreateAsync(DemoSourceName, "sdk", Security.TokenHasher.NewSecret(), endpointUrl: null, options: [], active: true, now, cancellationToken);
        return new BootstrapResult(baseUrl.TrimEnd('/'), user.Email, token, source.Id, sources.SecretOf(source));
    }

    /// <summary>Flags of the seeded agent and bot roles: read and reply on their sources.</summary>
    public static readonly IReadOnlyList<string> AgentPermissions =
    [
        "read_content_source", "read_identity", "read_user", "read_event", "search_contents", "reply_with_assistant",
        "update_own_intervention", "open_content_thread", "close_content_thread", "use_emoji",
    ];

    /// <summary>Flags of the seeded bot role: the agent's, plus <c>monitor_tasks</c> so a bot can read agent availability (<c>GET /1.0/status</c>) before a handover.</summary>
    public static readonly IReadOnlyList<string> BotPermissions = [.. AgentPermissions, "monitor_tasks"];
}

/// <summary>What the bootstrap prints: where the API is, the admin's new token, and the demo source.</summary>
public sealed record BootstrapResult(string BaseUrl, string AdminEmail, string Token, string SourceId, string SourceSecret)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var body = "{\"action\":\"messages.create\",\"params\":{\"id\":\"m1\",\"thread_id\":\"t1\",\"body\":\"Hello 👋\",\"author\":{\"id\":\"u1\",\"screenname\":\"alice\"}}}";
        var sb = new StringBuilder();
        sb.AppendLine("Engage Functions is ready.");
        sb.AppendLine($"  Base URL:       {BaseUrl}");
        sb.AppendLine($"  Admin:          {AdminEmail}");
        sb.AppendLine($"  Access token:   {Token}   (shown once; a new one is issued at each bootstrap)");
        sb.AppendLine($"  Demo source id: {SourceId}");
        sb.AppendLine($"  Source secret:  {SourceSecret}");
        sb.AppendLine();
        sb.AppendLine("Try it:");
        sb.AppendLine($"  BODY='{body}'");
        sb.AppendLine($"  SIG=$(printf '%s' \"$BODY\" | openssl dgst -sha512 -hmac '{SourceSecret}' -r | cut -d' ' -f1)");
        sb.AppendLine($"  curl -s -X POST '{BaseUrl}/realtime/sdk/{SourceId}' -H \"X-SMCCSDK-SIGNATURE: $SIG\" --data-binary \"$BODY\"");
        sb.AppendLine($"  curl -s '{BaseUrl}/1.0/content_threads' -H 'Authorization: Bearer {Token}'");
        return sb.ToString();
    }
}
