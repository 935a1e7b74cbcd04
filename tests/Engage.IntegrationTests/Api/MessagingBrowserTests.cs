using Engage.LocalRunner.DemoChat;
using Microsoft.Playwright;

namespace Engage.IntegrationTests.Api;

/// <summary>Headless Debian Chromium (never a downloaded browser) driven by Playwright, on the local runner's demo page.</summary>
public sealed class BrowserFixture : EngageFixture
{
    /// <summary>Debian's Chromium (<c>apt-get install -y chromium</c>; .ci/run installs it when missing).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>artifacts/</c> beside the test assembly.</summary>
    public string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Artifacts);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The web chat widget in a real browser (issue 8, items 5 to 7): a visitor writes, an agent answers through the REST
/// API, the answer appears; messaging mode shows the history after a reload; a cut connection loses and doubles nothing.
/// Screenshots are written to <c>bin/.../artifacts</c>.
/// </summary>
public class MessagingBrowserTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private async Task<string> SourceAsync(string name)
    {
        var (status, source) = await app.SendFormAsync(HttpMethod.Post, "1.0/content_sources",
            [P("name", name), P("type", "messaging"), P("active", "true"), P("welcome_message", "Hello! Ask us anything."), P("allowed_origins[]", app.Host.BaseUrl)]);
        Assert.True(status == 200, source.ToString());
        return source.GetProperty("id").GetString()!;
    }

    private async Task ReplyAsync(string contentId, string body)
    {
        var (opened, intervention) = await app.SendFormAsync(HttpMethod.Post, $"1.0/interventions?content_id={contentId}", []);
        Assert.True(opened is 200 or 422, intervention.ToString());
        var (status, reply) = await app.SendFormAsync(HttpMethod.Post, "1.0/contents", [P("body", body), P("in_reply_to_id", contentId)]);
        Assert.True(status == 200, reply.ToString());
    }

    private string DemoUrl(string sourceId) => $"{app.Host.BaseUrl}{DemoChatPage.Path}?source_id={sourceId}";

    // The confirmed messages shown, in order, as "from:text" (pending ones are marked).
    private static Task<string[]> ShownAsync(IPage page) =>
        page.EvalOnSelectorAllAsync<string[]>("[data-engage-chat] .engage-chat__log li",
            "items => items.filter(i => !i.classList.contains('engage-chat__msg--welcome')).map(i => (i.dataset.sequence ? '' : 'pending ') + (i.classList.contains('engage-chat__msg--visitor') ? 'visitor:' : 'agent:') + i.querySelector('.engage-chat__text').textContent)");

    private static async Task<string[]> ShownEventuallyAsync(IPage page, Func<string[], bool> done, int seconds = 40)
    {
        var shown = Array.Empty<string>();
        var ok = await EngageFixture.EventuallyAsync(async () => done(shown = await ShownAsync(page)), TimeSpan.FromSeconds(seconds));
        Assert.True(ok, "The chat shows: " + string.Join(" | ", shown));
        return shown;
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.FillAsync(".engage-chat textarea", text);
        await page.PressAsync(".engage-chat textarea", "Enter");
    }

    private static Task<string> ContentIdAsync(IPage page, string text) =>
        page.EvalOnSelectorAllAsync<string>("[data-engage-chat] li.engage-chat__msg--visitor[data-id]",
            "(items, text) => items.find(i => i.querySelector('.engage-chat__text').textContent === text).dataset.id", text);

    [Fact]
    public async Task A_visitor_writes_an_agent_answers_and_a_reload_shows_the_history_at_phone_width()
    {
        var sourceId = await SourceAsync("Browser chat");
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 375, Height = 740 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(DemoUrl(sourceId));

        // Keyboard only: focus the launcher, Enter opens the dialog with the focus in the message box.
        await page.FocusAsync(".engage-chat__launcher");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("true", await page.GetAttributeAsync(".engage-chat__launcher", "aria-expanded"));
        Assert.Equal("TEXTAREA", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        Assert.Equal("dialog", await page.GetAttributeAsync(".engage-chat__panel", "role"));
        Assert.Equal("log", await page.GetAttributeAsync(".engage-chat__log", "role"));
        await ShownEventuallyAsync(page, _ => true);
        Assert.Equal("Hello! Ask us anything.", await page.TextContentAsync(".engage-chat__msg--welcome .engage-chat__text"));

        const string risky = "Where is my order? <img src=x onerror=alert(1)>";
        await page.Keyboard.TypeAsync(risky);
        await page.Keyboard.PressAsync("Enter");
        await ShownEventuallyAsync(page, s => s.SequenceEqual([$"visitor:{risky}"]));
        Assert.Equal(0, await page.Locator(".engage-chat img").CountAsync());

        await ReplyAsync(await ContentIdAsync(page, risky), "It ships tomorrow & arrives Friday.");
        await ShownEventuallyAsync(page, s => s.SequenceEqual([$"visitor:{risky}", "agent:It ships tomorrow & arrives Friday."]));
        var close = await page.Locator(".engage-chat__close").BoundingBoxAsync();
        Assert.True(close is { Y: >= 0 } && close.Y + close.Height <= 740, "At phone width the open chat must keep its header (close button) on screen.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Artifacts, "chat-phone-reply.png") });

        await page.ReloadAsync();
        await page.ClickAsync(".engage-chat__launcher");
        await ShownEventuallyAsync(page, s => s.SequenceEqual([$"visitor:{risky}", "agent:It ships tomorrow & arrives Friday."]));
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Artifacts, "chat-phone-history-after-reload.png") });
    }

    [Fact]
    public async Task Cutting_and_restoring_the_connection_loses_and_doubles_nothing()
    {
        var sourceId = await SourceAsync("Browser chat offline");
        await using var context = await app.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1024, Height = 768 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(DemoUrl(sourceId));
        await page.ClickAsync(".engage-chat__launcher");
        await SendAsync(page, "first, online");
        await ShownEventuallyAsync(page, s => s.SequenceEqual(["visitor:first, online"]));
        var first = await ContentIdAsync(page, "first, online");

        await context.SetOfflineAsync(true);
        await SendAsync(page, "second, written offline");
        await ReplyAsync(first, "agent reply while the visitor is offline");
        await Task.Delay(1500);
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Artifacts, "chat-offline.png") });
        Assert.Contains("pending visitor:second, written offline", await ShownAsync(page));

        await context.SetOfflineAsync(false);
        var shown = await ShownEventuallyAsync(page, s => s.Length == 3 && s.All(m => !m.StartsWith("pending", StringComparison.Ordinal)));
        Assert.Equal(["visitor:first, online", "agent:agent reply while the visitor is offline", "visitor:second, written offline"], shown);
        Assert.True(await EngageFixture.EventuallyAsync(async () => await page.TextContentAsync(".engage-chat__status") == ""), "The reconnecting notice stays after the connection is back.");
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.Artifacts, "chat-reconnected.png") });

        // The server has each message once too.
        var (_, threads) = await app.GetAsync($"1.0/content_threads?q=source:{sourceId}");
        var threadId = threads.GetProperty("records")[0].GetProperty("id").GetString();
        var (_, contents) = await app.GetAsync($"1.0/contents?q=thread:%22{threadId}%22");
        Assert.Equal(3, contents.GetProperty("records").GetArrayLength());
        // Nothing more arrives later (no late duplicate from a retried send).
        await Task.Delay(2500);
        Assert.Equal(shown, await ShownAsync(page));
    }

    [Fact]
    public async Task The_runners_demo_source_is_created_once_and_allows_the_runners_origin()
    {
        var first = await DemoChatPage.EnsureSourceAsync(app.Host.Services, app.Host.BaseUrl, CancellationToken.None);
        var second = await DemoChatPage.EnsureSourceAsync(app.Host.Services, app.Host.BaseUrl, CancellationToken.None);
        Assert.Equal(first, second);
        var (_, source) = await app.GetAsync($"1.0/content_sources/{first}");
        Assert.True(source.GetProperty("active").GetBoolean());
        Assert.Equal(app.Host.BaseUrl, source.GetProperty("messaging").GetProperty("allowed_origins")[0].GetString());
        using var page = await app.Http.GetAsync($"_demo/chat?source_id={first}");
        Assert.Contains($"data-source-id=\"{first}\"", await page.Content.ReadAsStringAsync());
        using var missing = await app.Http.GetAsync("_demo/chat?source_id=%3Cscript%3E");
        Assert.Equal(404, (int)missing.StatusCode);
    }

    [Fact]
    public async Task The_widget_script_is_served_with_cache_headers()
    {
        using var response = await app.Http.GetAsync("messaging/widget.js");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=", response.Headers.CacheControl?.ToString());
        var etag = response.Headers.ETag!.Tag;
        var script = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("innerHTML", script);
        using var again = new HttpRequestMessage(HttpMethod.Get, "messaging/widget.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await app.Http.SendAsync(again);
        Assert.Equal(304, (int)notModified.StatusCode);
    }
}
