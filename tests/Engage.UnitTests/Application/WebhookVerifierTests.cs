using Engage.Application.Webhooks;

namespace Engage.UnitTests.Application;

public class WebhookVerifierTests
{
    [Fact]
    public void The_challenge_is_added_to_the_urls_own_query_with_the_verify_token_escaped()
    {
        var url = WebhookVerifier.ChallengeUrl("https://bot.example.com/hook?tenant=a#top", "c0ffee", "a b&c");
        Assert.Equal("https://bot.example.com/hook?tenant=a&hub.mode=subscribe&hub.challenge=c0ffee&hub.verify_token=a%20b%26c", url.AbsoluteUri);
        Assert.Equal("http://bot.example.com/?hub.mode=subscribe&hub.challenge=x&hub.verify_token=", WebhookVerifier.ChallengeUrl("http://bot.example.com", "x", null).AbsoluteUri);
    }
}
