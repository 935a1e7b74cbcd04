using System.Text.Json;
using Azure.Data.Tables;
using Engage.Application.Auth;
using Engage.Application.Channel;
using Engage.Application.Json;
using Engage.Application.Security;
using Engage.Application.Sources;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Messaging;

namespace Engage.Application.Admin;

/// <summary>A source as answered to its creator or to a rotation: the view plus the secret, shown this once.</summary>
public sealed record SourceWithSecret(SourceView Source, string? Secret)
{
    /// <summary>The source's JSON with <c>secret</c> added when it was just set.</summary>
    public System.Text.Json.Nodes.JsonObject ToJson()
    {
        var json = JsonSerializer.SerializeToNode(Source, ContractJson.Options)!.AsObject();
        if (Secret is not null) json["secret"] = Secret;
        return json;
    }
}

/// <summary>
/// Creates and updates sources (our extension <c>POST /1.0/content_sources</c>, and the contract's
/// <c>PUT /1.0/content_sources/{id}</c> plus <c>endpoint_url</c>, <c>secret</c>, <c>rotate_secret</c>,
/// <c>options[]</c>). Activating a channel SDK source with an endpoint sends a signed <c>implementation.info</c>
/// and stores the capabilities; if that fails the source stays inactive and shows why. A <c>messaging</c> source
/// (issue 8) also takes the <see cref="MessagingSettings"/> parameters.
/// </summary>
public sealed class SourceAdmin(EngageStorage storage, SourceStore sources, SecretProtector protector, ChannelSdkClient channel, EndpointGuard guard, TimeProvider time)
{
    /// <summary>Source types we create.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string> { "sdk", "messaging" };

    /// <summary>Creates a source. Needs <c>create_content_source</c>.</summary>
    /// <exception cref="EngageException">403 without the permission; 422 for a missing name, an unknown type, a bad URL or secret, or an endpoint on a refused address.</exception>
    public async Task<SourceWithSecret> CreateAsync(Caller caller, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("create_content_source");
        var name = p.String("name") ?? throw EngageException.Unprocessable("missing_parameter", "name is required.");
        var type = p.String("type") ?? "sdk";
        if (!Types.Contains(type)) throw EngageException.Unprocessable("invalid_parameter", "type must be sdk or messaging.");
        var secret = ValidSecret(p.String("secret")) ?? TokenHasher.NewSecret();
        var endpoint = await ValidUrlAsync(p.String("endpoint_url"), cancellationToken);
        var messaging = MessagingParameters(type, p, type == "messaging" ? MessagingSettings.Default : null);
        var source = await sources.CreateAsync(name, type, secret, endpoint, p.Strings("options"), active: false, time.GetUtcNow(), cancellationToken, messaging);
        if (p.Boolean("active") == true) source = await ActivateAsync(source, secret, cancellationToken);
        return new SourceWithSecret(source.ToView(), secret);
    }

    /// <summary>Updates a source. Needs <c>update_content_source</c>. Returns the secret only when it changed.</summary>
    /// <exception cref="EngageException">403 without the permission; 404 unknown source; 422 for bad values.</exception>
    public async Task<SourceWithSecret> UpdateAsync(Caller caller, string id, ApiParameters p, CancellationToken cancellationToken)
    {
        caller.Require("update_content_source");
        var source = await sources.FindAsync(id, cancellationToken);
        if (source is null || !caller.CanReadSource(source.Id)) throw EngageException.NotFound("Source");
        string? newSecret = null;
        if (p.String("secret") is { } given) newSecret = ValidSecret(given);
        else if (p.Boolean("rotate_secret") == true) newSecret = TokenHasher.NewSecret();
        if (newSecret is not null) source.ProtectedSecret = protector.Protect(newSecret);
        if (p.String("name") is { } name) source.Name = name;
        if (p.Has("endpoint_url")) source.EndpointUrl = await ValidUrlAsync(p.String("endpoint_url"), cancellationToken);
        if (p.Has("options")) source.OptionsJson = JsonSerializer.Serialize(p.Strings("options"));
        if (MessagingParameters(source.Type, p, SourceStore.MessagingOf(source)) is { } messaging) SourceStore.SetMessaging(source, messaging);
        var active = p.Boolean("active");
        if (active == false)
        {
            source.Active = false;
            source.InactiveReason = "Deactivated.";
        }
        source.UpdatedAt = time.GetUtcNow();
        await Save(source, cancellationToken);
        if (active == true && !source.Active)
        {
            source = await ActivateAsync(source, newSecret ?? sources.SecretOf(source), cancellationToken);
        }
        return new SourceWithSecret(source.ToView(), newSecret);
    }

    private async Task<SourceEntity> ActivateAsync(SourceEntity source, string secret, CancellationToken cancellationToken)
    {
        try
        {
            if (source.Type == "sdk" && source.EndpointUrl is not null)
            {
                var answer = await channel.SendAsync(source.EndpointUrl, secret, "implementation.info", new { }, cancellationToken);
                source.CapabilitiesJson = answer.Json?.ToJsonString();
            }
            source.Active = true;
            source.InactiveReason = null;
        }
        catch (ChannelSdkException e)
        {
            source.Active = false;
            source.InactiveReason = "implementation.info failed: " + e.Message;
        }
        source.UpdatedAt = time.GetUtcNow();
        await Save(source, cancellationToken);
        return source;
    }

    private async Task Save(SourceEntity source, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(StorageNames.SourcesTable, [new(TableTransactionActionType.UpdateReplace, source, source.ETag)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 412)
        {
            throw new EngageException(409, "conflict", "The source changed while it was being updated; try again.");
        }
    }

    /// <summary>The messaging settings changed by the request's parameters; a messaging parameter on another type is refused.</summary>
    private static MessagingSettings? MessagingParameters(string type, ApiParameters p, MessagingSettings? current)
    {
        if (current is not null) return current.With(p);
        if (MessagingParameterNames.FirstOrDefault(p.Has) is { } name)
        {
            throw EngageException.Unprocessable("invalid_parameter", $"{name} applies only to sources of type messaging, not {type}.");
        }
        return null;
    }

    private static readonly string[] MessagingParameterNames = ["messaging_mode", "welcome_message", "allowed_origins", "attachment_max_bytes", "attachment_max_count"];

    private static string? ValidSecret(string? secret)
    {
        if (secret is null) return null;
        if (secret.Length is < 16 or > 255 || secret.Any(c => c is < (char)0x21 or > (char)0x7e))
        {
            throw EngageException.Unprocessable("invalid_parameter", "secret must be 16 to 255 printable ASCII characters.");
        }
        return secret;
    }

    // Absolute http(s), and not an address the endpoint policy refuses (EndpointGuard; checked again on every call).
    private async Task<string?> ValidUrlAsync(string? url, CancellationToken cancellationToken) =>
        url is null ? null : await guard.CheckUrlAsync(url, "endpoint_url", cancellationToken);
}
