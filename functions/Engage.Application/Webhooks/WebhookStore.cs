using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Engage.Application.Ids;
using Engage.Application.Security;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;
using Engage.Domain.Api;
using Engage.Domain.Ids;
using Engage.Domain.Webhooks;

namespace Engage.Application.Webhooks;

/// <summary>
/// Reads and writes webhooks (table <c>Webhooks</c>, docs/table-design.md). A webhook's partition is the bucket of its
/// access token, carried in its id, so <see cref="FindAsync"/> is one point read; its URL claim row sits in the same
/// partition, so "one URL per token" holds through single transactions. Lists are scans of this small table.
/// Writes are ETag-guarded: <see cref="TrySaveAsync"/> and <see cref="TryDeleteAsync"/> answer false when the webhook
/// changed meanwhile, so the caller rereads and reapplies instead of losing an update.
/// </summary>
public sealed class WebhookStore(EngageStorage storage, SecretProtector protector)
{
    private const string WebhookPrefix = "w|";
    private const string UrlClaimPrefix = "u|";

    private TableClient Table => storage.Table(StorageNames.WebhooksTable);

    /// <summary>The partition of every webhook of <paramref name="tokenId"/>.</summary>
    public static string PartitionOf(string tokenId) => EngageId.BucketOf("webhooks", tokenId);

    /// <summary>A new webhook id in the partition of <paramref name="tokenId"/>.</summary>
    public static string NewId(string tokenId, DateTimeOffset now) => EngageId.New(now, PartitionOf(tokenId));

    /// <summary>The RowKey of a webhook.</summary>
    public static string RowKeyOf(string id) => WebhookPrefix + id;

    /// <summary>
    /// The RowKey of the claim that <paramref name="tokenId"/> uses <paramref name="url"/>: SHA-256 of the URL with its
    /// scheme and host lowercased and a default port dropped, so two spellings of one endpoint are one URL.
    /// </summary>
    public static string UrlClaimKey(string tokenId, string url) =>
        $"{UrlClaimPrefix}{tokenId}|{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizeUrl(url))))}";

    /// <summary>The form of a URL that uniqueness compares.</summary>
    public static string NormalizeUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : url;

    /// <summary>One webhook by id, or null (one point read; a malformed id is null).</summary>
    public Task<WebhookEntity?> FindAsync(string id, CancellationToken cancellationToken) =>
        EngageIdGuard.IsId(id)
            ? Table.FindAsync<WebhookEntity>(EngageId.BucketOfId(id), RowKeyOf(id), cancellationToken)
            : Task.FromResult<WebhookEntity?>(null);

    /// <summary>Every webhook (a scan of the table's webhook rows).</summary>
    public Task<List<WebhookEntity>> ListAllAsync(CancellationToken cancellationToken) =>
        Table.AllAsync<WebhookEntity>(WebhookRows, cancellationToken);

    /// <summary>The webhooks registered with any token of <paramref name="userId"/>.</summary>
    public Task<List<WebhookEntity>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        Table.AllAsync<WebhookEntity>($"{WebhookRows} and {TableClient.CreateQueryFilter($"UserId eq {userId}")}", cancellationToken);

    /// <summary>
    /// The webhooks that receive events (on, and verified), oldest first, with their registered events, source filter
    /// and secret in clear. One scan of the table; callers delivering many events should keep the answer briefly.
    /// </summary>
    /// <exception cref="CryptographicException">A secret was stored under another <c>Engage:SecretKey</c>.</exception>
    public async Task<IReadOnlyList<ActiveWebhook>> ListActiveAsync(CancellationToken cancellationToken) =>
        (await Table.AllAsync<WebhookEntity>($"{WebhookRows} and Active eq true", cancellationToken))
            .OrderBy(w => w.Id, StringComparer.Ordinal)
            .Select(w => new ActiveWebhook(w.Id, w.Name, w.Url, SecretOf(w), EventsOf(w).ToHashSet(StringComparer.Ordinal), FilterOf(w), w.StagingUse, w.TokenId, w.UserId))
            .ToList();

    /// <summary>True when <paramref name="tokenId"/> already has a webhook on <paramref name="url"/> (one point read).</summary>
    public async Task<bool> UrlTakenAsync(string tokenId, string url, CancellationToken cancellationToken) =>
        await Table.FindAsync<TableEntity>(PartitionOf(tokenId), UrlClaimKey(tokenId, url), cancellationToken) is not null;

    /// <summary>Adds a new webhook and its URL claim in one transaction.</summary>
    /// <exception cref="EngageException">422 <c>duplicate_url</c> when the token has a webhook on that URL.</exception>
    public async Task AddAsync(WebhookEntity webhook, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(StorageNames.WebhooksTable,
                [new(TableTransactionActionType.Add, Claim(webhook)), new(TableTransactionActionType.Add, webhook)], cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw DuplicateUrl();
        }
    }

    /// <summary>
    /// Replaces a webhook read earlier (guarded by its ETag) and, when its URL changed from
    /// <paramref name="previousUrl"/>, moves its URL claim, all in one transaction.
    /// </summary>
    /// <returns>False when the webhook changed or disappeared meanwhile: reread it and try again.</returns>
    /// <exception cref="EngageException">422 <c>duplicate_url</c> when the token has another webhook on the new URL.</exception>
    public async Task<bool> TrySaveAsync(WebhookEntity webhook, string previousUrl, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        var previousClaim = UrlClaimKey(webhook.TokenId, previousUrl);
        if (previousClaim != UrlClaimKey(webhook.TokenId, webhook.Url))
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(webhook.PartitionKey, previousClaim), ETag.All));
            actions.Add(new(TableTransactionActionType.Add, Claim(webhook)));
        }
        actions.Add(new(TableTransactionActionType.UpdateReplace, webhook, webhook.ETag));
        return await TrySubmitAsync(actions, cancellationToken);
    }

    /// <summary>Deletes a webhook read earlier (guarded by its ETag) with its URL claim.</summary>
    /// <returns>False when the webhook changed or disappeared meanwhile.</returns>
    public Task<bool> TryDeleteAsync(WebhookEntity webhook, CancellationToken cancellationToken) =>
        TrySubmitAsync(
            [new(TableTransactionActionType.Delete, Claim(webhook), ETag.All), new(TableTransactionActionType.Delete, webhook, webhook.ETag)],
            cancellationToken);

    /// <summary>The secret in clear, or null. Never log or return it.</summary>
    public string? SecretOf(WebhookEntity webhook) => webhook.ProtectedSecret is null ? null : protector.Unprotect(webhook.ProtectedSecret);

    /// <summary>The secrets that sign a delivery at <paramref name="now"/>: the current one first, then the previous one during a rotation's overlap.</summary>
    public IReadOnlyList<string> SecretsOf(WebhookEntity webhook, DateTimeOffset now)
    {
        var result = new List<string>(2);
        if (SecretOf(webhook) is { } current) result.Add(current);
        if (result.Count > 0 && webhook.PreviousProtectedSecret is not null && webhook.PreviousSecretUntil > now) result.Add(protector.Unprotect(webhook.PreviousProtectedSecret));
        return result;
    }

    /// <summary>The encrypted form of a secret for <see cref="WebhookEntity.ProtectedSecret"/>.</summary>
    public string? Protect(string? secret) => secret is null ? null : protector.Protect(secret);

    /// <summary>The registered event types.</summary>
    public static IReadOnlyList<string> EventsOf(WebhookEntity webhook) => JsonSerializer.Deserialize<List<string>>(webhook.RegisteredEventsJson) ?? [];

    /// <summary>The source filter.</summary>
    public static WebhookSourceFilter FilterOf(WebhookEntity webhook) =>
        new(webhook.SourceFilter, JsonSerializer.Deserialize<List<string>>(webhook.SourceIdsJson) ?? []);

    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await storage.SubmitAsync(StorageNames.WebhooksTable, actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw DuplicateUrl();
        }
    }

    private const string WebhookRows = "RowKey ge 'w|' and RowKey lt 'w}'";

    private static TableEntity Claim(WebhookEntity webhook) =>
        new(webhook.PartitionKey, UrlClaimKey(webhook.TokenId, webhook.Url)) { ["WebhookId"] = webhook.Id };

    private static EngageException DuplicateUrl() =>
        EngageException.Unprocessable("duplicate_url", "This access token already has a webhook with this url.");
}
