using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Domain.Api;
using Engage.Domain.Limits;
using Microsoft.Extensions.Logging;

namespace Engage.Application.Limits;

/// <summary>A stored answer: HTTP status and the JSON body's text.</summary>
/// <param name="Status">HTTP status code.</param>
/// <param name="Json">The body, UTF-8 JSON text.</param>
public sealed record StoredAnswer(int Status, string Json);

/// <summary>
/// Runs a POST at most once per <c>Idempotency-Key</c> (issue 7, item 4; rules in <see cref="IdempotencyRules"/>).
/// One row per (token, key) in <c>IdempotencyKeys</c>: claimed with an Add before the request acts (a 409 means
/// another request holds or held the key), then replaced with the answer. A 2xx or 4xx answer is kept and replayed;
/// a 5xx or an exception deletes the claim so that a retry can act. Costs 2 writes per keyed request that acts; a
/// replay costs 1 refused Add and 1 point read.
/// </summary>
public sealed class IdempotencyStore(EngageStorage storage, TimeProvider time, ILogger<IdempotencyStore> logger)
{
    /// <summary>Body text is cut into string properties of this many characters (the Table service's string limit).</summary>
    private const int ChunkChars = TableLimits.MaxStringLength;
    /// <summary>At most this many chunks: about 900 KiB of UTF-16, under the 1 MiB entity limit.</summary>
    private const int MaxChunks = 14;
    private const int MaxAttempts = 5;

    /// <summary>
    /// Answers the stored answer for (<paramref name="tokenHash"/>, <paramref name="key"/>) if there is one, else claims
    /// the key, runs <paramref name="act"/> and stores its answer.
    /// </summary>
    /// <returns>The answer and whether it is a replay.</returns>
    /// <exception cref="EngageException">422 <c>invalid_idempotency_key</c> or <c>idempotency_key_reused</c>; 409 <c>request_in_progress</c>.</exception>
    public async Task<(StoredAnswer Answer, bool Replayed)> RunAsync(string tokenHash, string key, string fingerprint, Func<Task<StoredAnswer>> act, CancellationToken cancellationToken)
    {
        IdempotencyRules.Validate(key);
        var table = storage.Table(StorageNames.IdempotencyKeysTable);
        var partition = PartitionOf(tokenHash, key);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var claim = new TableEntity(partition, string.Empty)
            {
                ["Fingerprint"] = fingerprint,
                ["Done"] = false,
                ["ClaimedAt"] = time.GetUtcNow(),
                ["ExpiresAt"] = time.GetUtcNow() + IdempotencyRules.Retention,
            };
            ETag etag;
            try
            {
                etag = (await table.AddEntityAsync(claim, cancellationToken)).Headers.ETag!.Value;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                var existing = await table.FindAsync<TableEntity>(partition, string.Empty, cancellationToken);
                if (existing is null) continue; // released meanwhile: claim again
                switch (IdempotencyRules.Decide(RecordOf(existing), fingerprint, time.GetUtcNow()))
                {
                    case IdempotencyOutcome.Replay:
                        return (AnswerOf(existing), true);
                    case IdempotencyOutcome.Reused:
                        throw EngageException.Unprocessable("idempotency_key_reused", $"This {IdempotencyRules.HeaderName} was used for another request in the last 24 hours.");
                    case IdempotencyOutcome.InProgress:
                        throw new EngageException(409, "request_in_progress", $"A request with this {IdempotencyRules.HeaderName} is still running.");
                }
                try
                {
                    etag = (await table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag!.Value;
                }
                catch (RequestFailedException conflict) when (conflict.IsConflict() || conflict.Status == 404)
                {
                    continue; // someone else took it over first: look again
                }
            }
            return (await ActAsync(table, claim, etag, act), false);
        }
        throw new EngageException(409, "request_in_progress", $"Requests with this {IdempotencyRules.HeaderName} keep racing; retry in a moment.");
    }

    private async Task<StoredAnswer> ActAsync(TableClient table, TableEntity claim, ETag etag, Func<Task<StoredAnswer>> act)
    {
        StoredAnswer answer;
        try
        {
            answer = await act();
        }
        catch
        {
            await ReleaseAsync(table, claim, etag);
            throw;
        }
        if (answer.Status >= 500 || answer.Json.Length > (ChunkChars - 1) * MaxChunks)
        {
            // A server failure may not have acted: let a retry try again. An answer too big to keep is released too.
            await ReleaseAsync(table, claim, etag);
            return answer;
        }
        claim["Done"] = true;
        claim["Status"] = answer.Status;
        var json = answer.Json;
        for (int i = 0, start = 0; start < json.Length; i++)
        {
            var length = Math.Min(ChunkChars, json.Length - start);
            // Never split a surrogate pair: a lone half would not survive the trip through UTF-8.
            if (start + length < json.Length && char.IsHighSurrogate(json[start + length - 1])) length--;
            claim["Body" + i] = json.Substring(start, length);
            start += length;
        }
        try
        {
            await table.UpdateEntityAsync(claim, etag, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            // The request acted; repeats get 409 until the lease ends. Nothing secret in the message: keys are hashed.
            logger.LogWarning(e, "Could not store the answer of an idempotent request (key record {Partition}).", claim.PartitionKey);
        }
        return answer;
    }

    private async Task ReleaseAsync(TableClient table, TableEntity claim, ETag etag)
    {
        try
        {
            await table.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, etag, CancellationToken.None);
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning(e, "Could not release an idempotency key (record {Partition}); it frees itself after the lease.", claim.PartitionKey);
        }
    }

    /// <summary>
    /// Deletes key records whose 24 hours are over (run daily by the SweepIdempotencyKeys timer): a scan of the table
    /// filtered on <c>ExpiresAt</c>, then one conditional delete per expired row, so a row reclaimed meanwhile stays.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.IdempotencyKeysTable);
        var filter = TableClient.CreateQueryFilter($"ExpiresAt le {time.GetUtcNow()}");
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Deleted or reclaimed meanwhile.
            }
        }
        return deleted;
    }

    /// <summary>The row's PartitionKey: SHA-256 hex of the token hash and the key, so neither is stored in clear.</summary>
    public static string PartitionOf(string tokenHash, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tokenHash + "\n" + key)));

    private static IdempotencyRecord RecordOf(TableEntity row) =>
        new(row.GetString("Fingerprint") ?? string.Empty, row.GetBoolean("Done") == true, row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue);

    private static StoredAnswer AnswerOf(TableEntity row)
    {
        var json = new StringBuilder();
        for (var i = 0; row.GetString("Body" + i) is { } chunk; i++) json.Append(chunk);
        return new StoredAnswer(row.GetInt32("Status") ?? 200, json.ToString());
    }
}
