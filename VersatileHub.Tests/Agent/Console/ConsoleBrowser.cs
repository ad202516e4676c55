using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Playwright;
using VersatileHub.Tests.Chat.Web;
using VersatileHub.Tests.Fakes.OpenAi;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;

namespace VersatileHub.Tests.Agent.Console;

/// <summary>
/// The Hub and the Agent each listening on a real loopback port, as a browser sees them after <c>./run.sh</c>: the Agent's
/// console authenticates the shared sign-in cookie through the Hub, and the Hub may send a signed-in user back to the
/// console. The Agent talks to a fake OpenAI-compatible model. One headless Chromium; each spec makes its own tenant.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public HubWithChatOrigin Hub { get; private set; } = null!;

    public AgentFactory Agent { get; private set; } = null!;

    public Uri AgentAddress { get; private set; } = null!;

    public FakeOpenAi Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await FakeOpenAi.StartAsync();
        AgentAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        Hub = new HubWithChatOrigin(AgentAddress);
        await Hub.InitializeAsync();
        Hub.UseKestrel(0);
        Hub.StartServer();

        Agent = new AgentFactory { HubAddress = Hub.ClientOptions.BaseAddress };
        await ((IAsyncLifetime)Agent).InitializeAsync();
        Agent.UseKestrel(AgentAddress.Port);
        Agent.StartServer();

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A new tenant with an admin, for one spec.</summary>
    public Task<HubMember> NewTenantAdminAsync() => HubApi.CreateTenantWithMemberAsync(Hub, "admin");

    /// <summary>A client of the Agent's API carrying <paramref name="member"/>'s access token.</summary>
    public HttpClient AgentClient(HubMember member)
    {
        var client = new HttpClient { BaseAddress = AgentAddress };
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    /// <summary>Gives <paramref name="admin"/>'s tenant a profile calling the fake's <paramref name="model"/> (or another endpoint); its id.</summary>
    public async Task<int> ConfigureProfileAsync(HubMember admin, string model, string? endpoint = null, string role = "primary")
    {
        using var agent = AgentClient(admin);
        var response = await agent.PostAsJsonAsync("/api/agent/profiles", new
        {
            role, name = $"Perfil {model}", endpoint = endpoint ?? Model.Endpoint, model, apiKey = "sk-console",
            persona = "Sos Sofía, de la tienda. Hablás de vos.", language = "es",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Created>())!.Id;
    }

    /// <summary>Opens the console, is sent to the Hub's sign-in, signs in there and waits until the Hub has sent them back.</summary>
    public async Task<IPage> SignInAsync(HubMember member, string path = "/", string locale = "es-AR")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = AgentAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.Locator("#email").FillAsync(member.Email);
        await page.Locator("#password").FillAsync(member.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Uri(AgentAddress, path).ToString());
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
        await ((IAsyncLifetime)Agent).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
        await Model.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Created(int Id);
}

/// <summary>The console's browser specs: they share one <see cref="ConsoleBrowser"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleBrowserCollection : ICollectionFixture<ConsoleBrowser>
{
    public const string Name = "agent-console-browser";
}
