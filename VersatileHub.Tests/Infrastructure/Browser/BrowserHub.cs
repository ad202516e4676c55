using System.Net.Http.Json;
using Microsoft.Playwright;

namespace VersatileHub.Tests.Infrastructure.Browser;

/// <summary>
/// A Hub listening on a real loopback port and one headless Chromium, shared by every browser spec of
/// <see cref="BrowserCollection"/>: one browser launch for the run, a fresh browser context (cookies, language, screen) per user.
/// </summary>
public sealed class BrowserHub : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public HubFactory Hub { get; } = new();

    /// <summary>Where the browser reaches the Hub, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not launched yet.");

    public async Task InitializeAsync()
    {
        await Hub.InitializeAsync();
        // A browser needs a real socket: Kestrel on a free port instead of the in-memory test server.
        Hub.UseKestrel(0);
        Hub.StartServer();
        BaseAddress = Hub.ClientOptions.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A browser of its own (cookies apart from every other), speaking <paramref name="locale"/> on a screen <paramref name="width"/> px wide.</summary>
    public async Task<IPage> OpenAsync(string locale = "es-AR", int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in page, in a browser of its own, and waits for the web app's home page.</summary>
    public async Task<IPage> SignInAsync(string email, string password, string locale = "es-AR", int width = 1280)
    {
        var page = await OpenAsync(locale, width);
        await page.GotoAsync("/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Uri(BaseAddress, "/").ToString());
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
        return page;
    }

    public Task<IPage> SignInAsOwnerAsync(string locale = "es-AR", int width = 1280) =>
        SignInAsync(HubFactory.OwnerEmail, HubFactory.OwnerPassword, locale, width);

    /// <summary>Adds a new user with <paramref name="role"/> to the tenant of <paramref name="admin"/>, through the members API.</summary>
    public static async Task<HubMember> AddMemberAsync(HubMember admin, string role)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"{role}-{suffix}@versatilehub.test";
        var password = $"password-{suffix}-1";
        var response = await admin.Client.PostAsJsonAsync("/api/identity/members", new { email, role, password });
        response.EnsureSuccessStatusCode();
        var member = (await response.Content.ReadFromJsonAsync<AddedMember>())!;
        return new HubMember(admin.TenantId, member.UserId, email, password, role, admin.Client);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }

    private sealed record AddedMember(int UserId);
}

/// <summary>The browser specs: they share one <see cref="BrowserHub"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHub>
{
    public const string Name = "browser";
}
