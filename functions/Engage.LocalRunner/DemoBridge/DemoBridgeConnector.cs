using System.Text;
using Engage.Application.Admin;
using Engage.Application.Auth;
using Engage.Application.Bootstrap;
using Engage.Domain.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.LocalRunner.DemoBridge;

/// <summary>What <see cref="DemoBridgeConnector.ConnectAsync"/> did: the bridge's URL and the demo source's state.</summary>
public sealed record DemoBridgeConnection(string BaseUrl, string Url, string Token, string SourceId, bool Active, string? InactiveReason)
{
    /// <summary>The lines the runner prints after the bootstrap text.</summary>
    public override string ToString()
    {
        var auth = $"-H 'Authorization: Bearer {Token}'";
        var sb = new StringBuilder();
        sb.AppendLine($"Demo bridge (--demo-bridge): the demo source sends its replies to {Url}");
        sb.AppendLine(Active
            ? "  The source is active: the bridge accepted our signed implementation.info."
            : $"  The source is NOT active: {InactiveReason}");
        sb.AppendLine("After the push above: engage the customer's message, reply, and see the reply reach the bridge (needs jq):");
        sb.AppendLine($"  THREAD=$(curl -s '{BaseUrl}/1.0/content_threads?q=source:{SourceId}' {auth} | jq -r '.records[]|select(.foreign_id==\"t1\").id')");
        sb.AppendLine($"  CONTENT=$(curl -s -G '{BaseUrl}/1.0/contents' {auth} --data-urlencode \"q=thread:\\\"$THREAD\\\"\" | jq -r '.records[]|select(.foreign_id==\"m1\").id')");
        sb.AppendLine($"  curl -s -X POST \"{BaseUrl}/1.0/interventions?content_id=$CONTENT\" {auth}");
        sb.AppendLine($"  curl -s -X POST '{BaseUrl}/1.0/contents' {auth} -H 'Content-Type: application/json' -d \"{{\\\"body\\\":\\\"On its way!\\\",\\\"in_reply_to_id\\\":\\\"$CONTENT\\\"}}\"");
        sb.AppendLine($"  curl -s '{BaseUrl}{DemoBridgeEndpoint.ReceivedPath}?action=messages.create'");
        sb.AppendLine($"  curl -s -G '{BaseUrl}/1.0/contents' {auth} --data-urlencode \"q=thread:\\\"$THREAD\\\"\" | jq '.records[0]|{{body,synchronization_status,foreign_id}}'");
        return sb.ToString();
    }
}

/// <summary>
/// Points the demo source at the runner's <see cref="DemoBridgeEndpoint"/> and activates it, through the application
/// layer (<see cref="SourceAdmin"/>, acting as the bootstrap admin), so the activation sends a signed
/// <c>implementation.info</c> to the bridge and stores its capabilities, exactly as for any other source.
/// </summary>
public static class DemoBridgeConnector
{
    /// <summary>Connects the demo source of <paramref name="bootstrap"/> to the bridge served at <paramref name="baseUrl"/> (the runner must be listening).</summary>
    /// <exception cref="InvalidOperationException">The demo bridge is not enabled on this host.</exception>
    public static async Task<DemoBridgeConnection> ConnectAsync(IServiceProvider services, string baseUrl, BootstrapResult bootstrap, CancellationToken cancellationToken)
    {
        var bridge = services.GetService<DemoBridgeEndpoint>()
            ?? throw new InvalidOperationException($"The demo bridge is not enabled (set {DemoBridgeServices.Setting}=true or pass --demo-bridge).");
        var caller = await services.GetRequiredService<Authenticator>().AuthenticateAsync(bootstrap.Token, cancellationToken);
        var admin = services.GetRequiredService<SourceAdmin>();
        var root = baseUrl.TrimEnd('/');
        var url = root + DemoBridgeEndpoint.Path;
        bridge.SourceId = bootstrap.SourceId;

        // The bootstrap creates the demo source active; only an inactive -> active change sends implementation.info.
        var point = new ApiParameters();
        point.Add("endpoint_url", url);
        point.Add("active", "false");
        await admin.UpdateAsync(caller, bootstrap.SourceId, point, cancellationToken);
        var activate = new ApiParameters();
        activate.Add("active", "true");
        var source = (await admin.UpdateAsync(caller, bootstrap.SourceId, activate, cancellationToken)).Source;
        return new DemoBridgeConnection(root, url, bootstrap.Token, bootstrap.SourceId, source.Active, source.InactiveReason);
    }
}
