namespace Engage.Domain.Webhooks;

/// <summary>
/// Which sources' events a webhook receives (PROTOCOL.md, "Webhooks": all sources except a list, or no source except a
/// list). The contract names no fields for it; ours are <c>source_filter</c> (<see cref="AllExcept"/>, the default, or
/// <see cref="NoneExcept"/>) and <c>source_ids[]</c>.
/// </summary>
public sealed record WebhookSourceFilter(string Mode, IReadOnlyList<string> SourceIds)
{
    /// <summary>Every source except <see cref="SourceIds"/> (with no ids: every source).</summary>
    public const string AllExcept = "all_except";

    /// <summary>Only <see cref="SourceIds"/>.</summary>
    public const string NoneExcept = "none_except";

    /// <summary>The default: every source.</summary>
    public static readonly WebhookSourceFilter Everything = new(AllExcept, []);

    /// <summary>
    /// True when an event of <paramref name="sourceId"/> passes. An event tied to no source (null) passes
    /// <see cref="AllExcept"/> and not <see cref="NoneExcept"/>.
    /// </summary>
    public bool Includes(string? sourceId)
    {
        var listed = sourceId is not null && SourceIds.Contains(sourceId, StringComparer.Ordinal);
        return Mode == NoneExcept ? listed : !listed;
    }

    /// <summary>True when <paramref name="mode"/> is a known mode.</summary>
    public static bool IsMode(string mode) => mode is AllExcept or NoneExcept;
}
