using Microsoft.Playwright;

namespace VersatileHub.Tests.Infrastructure.Browser;

/// <summary>The one way the browser specs launch their browser.</summary>
public static class HeadlessChromium
{
    /// <summary>Chromium from the machine's packages: Playwright's own browser download is not available here.</summary>
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        Args = ChromiumArgs,
    });
}
