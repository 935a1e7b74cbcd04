using Engage.Domain.Api;

namespace Engage.Application.Auth;

/// <summary>
/// <c>POST /oauth/token</c>. This server has no OAuth authorization flow: API access tokens are issued by
/// <c>POST /1.0/access_tokens</c> (or the <c>engage</c> tool), so no authorization code, refresh token or password
/// grant can ever be valid. Client libraries' own test suites call it with a bogus code and expect 401, 404 or 422
/// (PROTOCOL.md, "Interoperability notes"); we answer 401 <c>invalid_grant</c> in the contract's error body for every
/// grant: 401 is in that list, and <c>invalid_grant</c> is the OAuth 2.0 error (RFC 6749 §5.2) clients look for.
/// </summary>
public static class OAuthGrant
{
    /// <summary>The refusal of any token request.</summary>
    public static EngageException Refuse() =>
        new(401, "invalid_grant", "Unknown or expired authorization grant. This server issues no OAuth codes; use an API access token (POST /1.0/access_tokens).");
}
