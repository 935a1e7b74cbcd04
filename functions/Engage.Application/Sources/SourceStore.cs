using System.Text.Json;
using Engage.Application.Security;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Sources;

/// <summary>Reads and writes sources (table <c>Sources</c>, one partition per source).</summary>
public sealed class SourceStore(EngageStorage storage, SecretProtector protector)
{
    private Azure.Data.Tables.TableClient Table => storage.Table(StorageNames.SourcesTable);

    /// <summary>One source by id, or null (one point read).</summary>
    public Task<SourceEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        Ids.EngageIdGuard.IsId(id) ? Table.FindAsync<SourceEntity>(id, string.Empty, cancellationToken) : Task.FromResult<SourceEntity?>(null);

    /// <summary>All sources, oldest first (ids sort by creation time).</summary>
    public async Task<IReadOnlyList<SourceEntity>> ListAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<SourceEntity>(null, cancellationToken)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();

    /// <summary>The ids of the sources for which <paramref name="include"/> holds (for example a caller's <c>CanReadSource</c>), oldest first.</summary>
    public async Task<List<string>> IdsAsync(Func<string, bool> include, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Select(s => s.Id).Where(include).ToList();

    /// <summary>Creates a source with its secret encrypted.</summary>
    public async Task<SourceEntity> CreateAsync(string name, string type, string secret, string? endpointUrl, IReadOnlyList<string> options, bool active, DateTimeOffset now, CancellationToken cancellationToken, Domain.Messaging.MessagingSettings? messaging = null)
    {
        var id = Domain.Ids.EngageId.New(now);
        var entity = new SourceEntity
        {
            PartitionKey = id,
            RowKey = string.Empty,
            Id = id,
            Name = name,
            Type = type,
            Active = active,
            EndpointUrl = endpointUrl,
            ProtectedSecret = protector.Protect(secret),
            OptionsJson = JsonSerializer.Serialize(options),
            MessagingJson = messaging is null ? null : JsonSerializer.Serialize(messaging),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await storage.SubmitAsync(StorageNames.SourcesTable, [new(Azure.Data.Tables.TableTransactionActionType.Add, entity)], cancellationToken);
        return entity;
    }

    /// <summary>The source's secret in clear, to check or make signatures. Never log or return it.</summary>
    public string SecretOf(SourceEntity source) =>
        source.ProtectedSecret is null ? string.Empty : protector.Unprotect(source.ProtectedSecret);

    /// <summary>A messaging source's settings (the defaults when none were stored), or null for another type.</summary>
    public static Domain.Messaging.MessagingSettings? MessagingOf(SourceEntity source) =>
        source.Type != "messaging" ? null
        : source.MessagingJson is null ? Domain.Messaging.MessagingSettings.Default
        : JsonSerializer.Deserialize<Domain.Messaging.MessagingSettings>(source.MessagingJson) ?? Domain.Messaging.MessagingSettings.Default;

    /// <summary>Stores <paramref name="settings"/> on the source entity (not saved).</summary>
    public static void SetMessaging(SourceEntity source, Domain.Messaging.MessagingSettings settings) =>
        source.MessagingJson = JsonSerializer.Serialize(settings);

    /// <summary>The channel SDK options of a source.</summary>
    public static IReadOnlyList<string> OptionsOf(SourceEntity source) =>
        JsonSerializer.Deserialize<List<string>>(source.OptionsJson) ?? [];
}
