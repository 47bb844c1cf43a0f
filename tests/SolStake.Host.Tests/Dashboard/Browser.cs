using Microsoft.Playwright;
using SolStake.Testing;

namespace SolStake.Host.Tests.Dashboard;

/// <summary>
/// Debian's Chromium (<see cref="SolStake.Testing.Chromium"/>) driven by Playwright. One browser per fixture, one
/// context per test.
/// </summary>
internal sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    /// <summary>Where screenshots go: SOLSTAKE_SCREENSHOTS (docs/screenshots to refresh the README's), else the test output.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("SOLSTAKE_SCREENSHOTS") is { Length: > 0 } dir ? Path.GetFullPath(dir, Fixtures.RepositoryRoot)
        : Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = SolStake.Testing.Chromium.ExecutablePath(),
            Headless = true,
            Args = SolStake.Testing.Chromium.Arguments,
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh page (own cookies, storage and cache) that records every console error and uncaught exception.</summary>
    public async Task<TrackedPage> OpenAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        var context = await Chromium.NewContextAsync(new() { BaseURL = baseAddress.ToString(), ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var tracked = new TrackedPage(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                tracked.Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => tracked.Errors.Add($"uncaught: {error}");
        return tracked;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page and what went wrong in it.</summary>
internal sealed class TrackedPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public List<string> Errors { get; } = [];

    /// <summary>Saves a screenshot of the viewport (or the whole page) as <paramref name="name"/>.png.</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        Directory.CreateDirectory(Browser.ScreenshotDirectory);
        var file = Path.Combine(Browser.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = file, FullPage = fullPage });
        TestContext.AddTestAttachment(file);
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
