namespace Engage.Domain.Api;

/// <summary>
/// A refused request, answered as the contract's error body <c>{"error", "message", "status"}</c> with the same
/// HTTP status (PROTOCOL.md, "REST conventions"). Thrown by domain and application code; the HTTP layer maps it.
/// </summary>
public sealed class EngageException(int status, string error, string message) : Exception(message)
{
    /// <summary>HTTP status code (400, 401, 403, 404, 409, 413, 422, 429).</summary>
    public int Status { get; } = status;

    /// <summary>Machine-readable identifier, for example <c>invalid_signature</c>.</summary>
    public string Error { get; } = error;

    /// <summary>400: the body is not JSON or is malformed.</summary>
    public static EngageException BadRequest(string message) => new(400, "bad_request", message);

    /// <summary>401: no access token, or one that is unknown, revoked or belongs to a disabled user.</summary>
    public static EngageException Unauthorized(string message = "Missing or invalid access token.") => new(401, "invalid_access_token", message);

    /// <summary>403: the token's user may not do this.</summary>
    public static EngageException Forbidden(string message) => new(403, "forbidden", message);

    /// <summary>404: unknown id, or an object on a source the token's user may not read.</summary>
    public static EngageException NotFound(string what) => new(404, "not_found", $"{what} not found.");

    /// <summary>413: the body is larger than the limit.</summary>
    public static EngageException TooLarge(long limit) => new(413, "request_entity_too_large", $"The body is larger than {limit} bytes.");

    /// <summary>422: an invalid or impossible request; <paramref name="error"/> names the case.</summary>
    public static EngageException Unprocessable(string error, string message) => new(422, error, message);

    /// <summary>429: too many requests.</summary>
    public static EngageException TooMany(string message) => new(429, "rate_limit_exceeded", message);
}
