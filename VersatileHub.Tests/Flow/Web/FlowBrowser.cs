using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using VersatileHub.Tests.Chat.Web;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;

namespace VersatileHub.Tests.Flow.Web;

/// <summary>
/// The Hub and Flow each listening on a real loopback port, as a browser on the cluster's network sees them: Flow's web
/// app authenticates the shared sign-in cookie through the Hub, and the Hub may send a signed-in user back to Flow's
/// internal address. One headless Chromium; each spec makes its own tenant.
/// </summary>
public sealed class FlowBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public HubWithChatOrigin Hub { get; private set; } = null!;

    public FlowFactory Flow { get; private set; } = null!;

    public Uri FlowAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        FlowAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        Hub = new HubWithChatOrigin(FlowAddress);
        await Hub.InitializeAsync();
        Hub.UseKestrel(0);
        Hub.StartServer();

        Flow = new FlowFactory { Settings = new Dictionary<string, string> { ["services:hub:http:0"] = Hub.ClientOptions.BaseAddress.ToString() } };
        await ((IAsyncLifetime)Flow).InitializeAsync();
        Flow.UseKestrel(FlowAddress.Port);
        Flow.StartServer();

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A new tenant with a member of <paramref name="role"/>, for one spec.</summary>
    public Task<HubMember> NewTenantMemberAsync(string role = "admin") => HubApi.CreateTenantWithMemberAsync(Hub, role);

    /// <summary>A client of Flow's API carrying <paramref name="member"/>'s access token.</summary>
    public HttpClient FlowClient(HubMember member)
    {
        var client = new HttpClient { BaseAddress = FlowAddress };
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    /// <summary>Creates a workflow through the API for <paramref name="member"/>'s tenant; its id.</summary>
    public async Task<Guid> CreateWorkflowAsync(HubMember member, object workflow)
    {
        using var flow = FlowClient(member);
        var response = await flow.PostAsJsonAsync("/api/flow/workflows", workflow);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>A browser of its own, at <paramref name="path"/> of Flow, not signed in.</summary>
    public async Task<IPage> OpenAsync(string path = "/", string locale = "es-AR")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = FlowAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>Opens Flow, is sent to the Hub's sign-in, signs in there and waits until the Hub has sent them back.</summary>
    public async Task<IPage> SignInAsync(HubMember member, string path = "/", string locale = "es-AR")
    {
        var page = await OpenAsync(path, locale);
        await page.Locator("#email").FillAsync(member.Email);
        await page.Locator("#password").FillAsync(member.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Uri(FlowAddress, path).ToString());
        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)Flow).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Flow's browser specs: they share one <see cref="FlowBrowser"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FlowBrowserCollection : ICollectionFixture<FlowBrowser>
{
    public const string Name = "flow-web-browser";
}
