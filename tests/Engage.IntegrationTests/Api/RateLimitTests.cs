using System.Net.Http.Headers;

namespace Engage.IntegrationTests.Api;

/// <summary>
/// The contract's limit over HTTP (issue 7, item 3): 500 requests a minute per access token, with the real default,
/// then 429 <c>rate_limit_exceeded</c> with <c>Retry-After</c> and the <c>RateLimit-*</c> headers, while other tokens
/// are served. Two app instances sharing the count: <c>Application.RateLimiterTests</c>.
/// </summary>
public class RateLimitTests(EngageFixture app) : IClassFixture<EngageFixture>
{
    private async Task<(int Status, HttpResponseHeaders Headers, string Body)> GetRolesAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "1.0/roles?limit=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await app.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }

    private static long Header(HttpResponseHeaders headers, string name) => long.Parse(Assert.Single(headers.GetValues(name)));

    [Fact]
    public async Task The_501st_request_in_a_minute_is_429_with_the_contract_body_and_headers_while_another_token_is_served()
    {
        var (_, limited, _) = await app.UserWithTokenAsync("limited@example.com", "bot");
        var (_, other, _) = await app.UserWithTokenAsync("unlimited@example.com", "bot");

        var (status, headers, _) = await GetRolesAsync(limited);
        Assert.Equal(200, status);
        Assert.Equal(500, Header(headers, "RateLimit-Limit"));
        Assert.Equal(499, Header(headers, "RateLimit-Remaining"));
        // Start at the top of a window so that all 501 requests fall in the same minute.
        var reset = Header(headers, "RateLimit-Reset");
        if (reset < 50)
        {
            await Task.Delay(TimeSpan.FromSeconds(reset + 0.2));
            (status, headers, _) = await GetRolesAsync(limited);
            Assert.Equal((200, 499L), (status, Header(headers, "RateLimit-Remaining")));
        }

        using var parallel = new SemaphoreSlim(8);
        var rest = await Task.WhenAll(Enumerable.Range(0, 499).Select(async _ =>
        {
            await parallel.WaitAsync();
            try
            {
                var (s, h, _) = await GetRolesAsync(limited);
                return (Status: s, Remaining: Header(h, "RateLimit-Remaining"));
            }
            finally
            {
                parallel.Release();
            }
        }));
        Assert.All(rest, r => Assert.Equal(200, r.Status));
        // One window: each request took the next place in it.
        Assert.Equal(Enumerable.Range(0, 499).Select(i => (long)i), rest.Select(r => r.Remaining).Order());

        var (refused, refusedHeaders, body) = await GetRolesAsync(limited);
        Assert.Equal(429, refused);
        var error = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal("rate_limit_exceeded", error.GetProperty("error").GetString());
        Assert.Equal(429, error.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(500, Header(refusedHeaders, "RateLimit-Limit"));
        Assert.Equal(0, Header(refusedHeaders, "RateLimit-Remaining"));
        var retryAfter = refusedHeaders.RetryAfter?.Delta?.TotalSeconds;
        Assert.InRange(retryAfter ?? 0, 1, 60);
        Assert.Equal((long)retryAfter!.Value, Header(refusedHeaders, "RateLimit-Reset"));

        var (served, servedHeaders, _) = await GetRolesAsync(other);
        Assert.Equal(200, served);
        Assert.Equal(499, Header(servedHeaders, "RateLimit-Remaining"));
    }

    [Fact]
    public async Task A_bad_token_is_still_401_and_counts_against_nothing()
    {
        var (status, headers, body) = await GetRolesAsync("not-a-token");
        Assert.Equal(401, status);
        Assert.Contains("\"invalid_access_token\"", body);
        Assert.False(headers.Contains("RateLimit-Limit"));
    }

    [Fact]
    public async Task Counting_costs_one_write_per_request_once_the_instance_knows_the_row()
    {
        var (_, token, _) = await app.UserWithTokenAsync("cost@example.com", "bot");
        async Task<Dictionary<string, int>> CostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "1.0/roles?limit=1");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await app.Http.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
            return response.Headers.GetValues("X-Engage-Operations").Single().Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1]));
        }
        var first = await CostAsync();
        var second = await CostAsync();
        var third = await CostAsync();
        // The first request of a token reads its counter row; later ones only replace it under the ETag they know.
        Assert.Equal(1, first["writes"]);
        Assert.Equal(1, second["writes"]);
        Assert.Equal(first["reads"] - 1, second["reads"]);
        Assert.Equal(second, third);
    }
}
