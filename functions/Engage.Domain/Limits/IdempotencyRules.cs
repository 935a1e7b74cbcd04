using System.Security.Cryptography;
using System.Text;
using Engage.Domain.Api;

namespace Engage.Domain.Limits;

/// <summary>What a repeated <c>Idempotency-Key</c> finds.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The first request finished: answer its stored status and body again.</summary>
    Replay,
    /// <summary>The key was used with other parameters, method or path: 422.</summary>
    Reused,
    /// <summary>The first request is still running: 409.</summary>
    InProgress,
    /// <summary>The record expired (24 h) or its request died mid-way (lease over): claim it and act.</summary>
    TakeOver,
}

/// <summary>The stored state of one key, as the rules need it.</summary>
/// <param name="Fingerprint">The first request's <see cref="IdempotencyRules.Fingerprint"/>.</param>
/// <param name="Done">True once the first request's answer is stored.</param>
/// <param name="ClaimedAt">When the first request claimed the key.</param>
public readonly record struct IdempotencyRecord(string Fingerprint, bool Done, DateTimeOffset ClaimedAt);

/// <summary>
/// Idempotency keys for POST requests (issue 7): a repeat of a request with the same <c>Idempotency-Key</c>, token,
/// method, path and parameters within 24 hours answers the first answer again instead of acting twice. Pure rules;
/// the records live in Table Storage (docs/table-design.md, "Idempotency keys").
/// </summary>
public static class IdempotencyRules
{
    /// <summary>The request header.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The header marking a replayed answer (value <c>true</c>).</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>Longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 255;

    /// <summary>How long a key is remembered after its first use.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim without a stored answer blocks repeats (409). Longer than any HTTP request can run (the
    /// Functions host stops HTTP calls after 230 s), so after it the first request is known to have died.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Checks a key: 1 to 255 printable ASCII characters (space included, no control characters).</summary>
    /// <exception cref="EngageException">422 <c>invalid_idempotency_key</c>.</exception>
    public static string Validate(string key)
    {
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < ' ' or > '~'))
        {
            throw EngageException.Unprocessable("invalid_idempotency_key", $"{HeaderName} must be 1 to {MaxKeyLength} printable ASCII characters.");
        }
        return key;
    }

    /// <summary>
    /// Lowercase hex SHA-256 over the method (upper case), the path, and every parameter sorted by name (values in
    /// their order), whether it came as JSON, a form or the query string. <c>access_token</c> is left out: the key
    /// is already scoped to the token, and the same token may move between the header and the parameter.
    /// Each part is length-prefixed, so no two different requests share the canonical text.
    /// </summary>
    public static string Fingerprint(string method, string path, ApiParameters parameters)
    {
        var text = new StringBuilder();
        void Part(string s) => text.Append(s.Length).Append(':').Append(s).Append(';');
        Part(method.ToUpperInvariant());
        Part(path);
        foreach (var (name, values) in parameters.All().Where(p => p.Key != "access_token").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Part(name);
            text.Append(values.Count).Append('[');
            foreach (var value in values) Part(value);
            text.Append(']');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>What a request with <paramref name="fingerprint"/> does when its key already has <paramref name="record"/>.</summary>
    public static IdempotencyOutcome Decide(IdempotencyRecord record, string fingerprint, DateTimeOffset now)
    {
        if (now - record.ClaimedAt >= Retention) return IdempotencyOutcome.TakeOver;
        if (!string.Equals(record.Fingerprint, fingerprint, StringComparison.Ordinal)) return IdempotencyOutcome.Reused;
        if (record.Done) return IdempotencyOutcome.Replay;
        return now - record.ClaimedAt >= Lease ? IdempotencyOutcome.TakeOver : IdempotencyOutcome.InProgress;
    }
}
