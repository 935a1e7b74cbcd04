using System.Collections.Concurrent;
using Azure.Data.Tables;
using Engage.Application.Storage;
using Engage.Application.Storage.Entities;

namespace Engage.Application.Auth;

/// <summary>
/// Records when tokens were last used without a write per request: uses are kept in memory and written in one
/// batch a minute by the FlushTokenUsage timer (an UpdateMerge per token used, never recreating a deleted one).
/// </summary>
public sealed class TokenUsage(EngageStorage storage)
{
    private ConcurrentDictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    /// <summary>Notes a use of the token whose hash is <paramref name="tokenHash"/>.</summary>
    public void Record(string tokenHash, DateTimeOffset at) => _pending.AddOrUpdate(tokenHash, at, (_, old) => at > old ? at : old);

    /// <summary>Number of tokens waiting to be written.</summary>
    public int Pending => _pending.Count;

    /// <summary>Writes the recorded uses; returns how many tokens were updated.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal));
        var written = 0;
        foreach (var (hash, at) in batch)
        {
            var patch = new TableEntity(hash, string.Empty) { [nameof(AccessTokenEntity.LastUsedAt)] = at };
            try
            {
                await storage.SubmitAsync(StorageNames.AccessTokensTable, [new(TableTransactionActionType.UpdateMerge, patch, Azure.ETag.All)], cancellationToken);
                written++;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // The token was deleted meanwhile: nothing to record.
            }
        }
        return written;
    }
}
