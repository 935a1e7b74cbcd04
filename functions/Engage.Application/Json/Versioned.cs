namespace Engage.Application.Json;

/// <summary>
/// An answer with the version of what it shows: the HTTP layer sends <paramref name="Body"/> with
/// <paramref name="ETag"/> as the <c>ETag</c> header, for a later <c>If-Match</c>.
/// </summary>
public sealed record Versioned(object Body, string ETag);
