namespace Engage.Application.Webhooks;

/// <summary>Values of <c>webhook_status</c>.</summary>
public static class WebhookStatuses
{
    /// <summary>On and verified: receives events.</summary>
    public const string Active = "active";
    /// <summary>Switched off with <c>active=false</c>.</summary>
    public const string Inactive = "inactive";
    /// <summary>Asked on, but the endpoint failed the handshake; <c>verification_error</c> says why.</summary>
    public const string VerificationFailed = "verification_failed";
}
