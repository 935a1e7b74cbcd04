using Engage.Domain.Limits;

namespace Engage.Application.Limits;

/// <summary>Settings of <see cref="RateLimiter"/> (<c>Engage__RateLimit__PerMinute</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests per access token per minute; default the contract's 500. Zero or less turns the limit off.</summary>
    public int PerMinute { get; set; } = RateLimitRules.DefaultPerMinute;
}
