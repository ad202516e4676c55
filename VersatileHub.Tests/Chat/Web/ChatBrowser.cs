using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using VersatileHub.Tests.Infrastructure.Browser;

namespace VersatileHub.Tests.Chat.Web;

/// <summary>
/// The Hub and Chat each listening on a real loopback port, as a browser sees them after <c>./run.sh</c>: Chat authenticates
/// the shared sign-in cookie through the Hub, and the Hub may send a signed-in user back to Chat. One account with an
/// admin, two agents and an API inbox; one headless Chromium, a fresh context per agent.
/// </summary>
public class ChatBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public HubWithChatOrigin Hub { get; private set; } = null!;

    public ChatFactory Chat { get; private set; } = null!;

    public Uri ChatAddress { get; private set; } = null!;

    public HubMember Admin { get; private set; } = null!;

    public HubMember FirstAgent { get; private set; } = null!;

    public HubMember SecondAgent { get; private set; } = null!;

    public int InboxId { get; private set; }

    /// <summary>The environment Chat runs in.</summary>
    protected virtual string ChatEnvironment => "Testing";

    /// <summary>Chat's clock, the system's unless a fixture steps it.</summary>
    protected virtual TimeProvider? ChatTime => null;

    /// <summary>
    /// Starts the AI agent's service once the Hub listens, and says where Chat finds it; by default there is none, so Chat's
    /// calls to the Agent fail as they do when it is down.
    /// </summary>
    protected virtual Task<Uri?> StartAgentAsync() => Task.FromResult<Uri?>(null);

    public async Task InitializeAsync()
    {
        ChatAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        Hub = new HubWithChatOrigin(ChatAddress);
        await Hub.InitializeAsync();
        Hub.UseKestrel(0);
        Hub.StartServer();

        Chat = new ChatFactory
        {
            HubAddress = Hub.ClientOptions.BaseAddress, AgentAddress = await StartAgentAsync(), Environment = ChatEnvironment, Time = ChatTime,
        };
        await ((IAsyncLifetime)Chat).InitializeAsync();
        Chat.UseKestrel(ChatAddress.Port);
        Chat.StartServer();

        Admin = await HubApi.CreateTenantWithMemberAsync(Hub, "admin");
        FirstAgent = await BrowserHub.AddMemberAsync(Admin, "agent");
        SecondAgent = await BrowserHub.AddMemberAsync(Admin, "agent");
        using var admin = ChatClient(Admin);
        var inbox = await admin.PostAsJsonAsync($"/api/v1/accounts/{Admin.TenantId}/inboxes",
            new { name = "WhatsApp del estudio", channel = new { type = "api", webhook_url = "https://hooks.example/chat" } });
        InboxId = (await inbox.ReadAsync<JsonElement>()).GetProperty("id").GetInt32();

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A browser of its own, pointed at Chat, speaking <paramref name="locale"/> on a screen <paramref name="width"/> px wide.</summary>
    public async Task<IPage> OpenAsync(string locale = "es-AR", int width = 1280)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = ChatAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Opens Chat, is sent to the Hub's sign-in, signs in there and waits until the Hub has sent them back to the inbox.</summary>
    public async Task<IPage> SignInAsync(HubMember member, string locale = "es-AR", int width = 1280)
    {
        var page = await OpenAsync(locale, width);
        await page.GotoAsync("/");
        await page.Locator("#email").FillAsync(member.Email);
        await page.Locator("#password").FillAsync(member.Password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(ChatAddress.ToString());
        await Assertions.Expect(page.Locator(".list h1")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A client of Chat's API carrying <paramref name="member"/>'s access token.</summary>
    public HttpClient ChatClient(HubMember member)
    {
        var client = new HttpClient { BaseAddress = ChatAddress };
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    /// <summary>A WhatsApp contact writes: a message through the channel API, as the gateway posts it (to the fixture's inbox unless another is named); the conversation's display id.</summary>
    public async Task<int> ContactWritesAsync(string contact, string content, int? inboxId = null)
    {
        using var gateway = new HttpClient { BaseAddress = ChatAddress };
        gateway.DefaultRequestHeaders.Authorization = new("Bearer", HubFactory.AgentServiceToken);
        gateway.DefaultRequestHeaders.Add(HubApi.TenantHeader, Admin.TenantId.ToString(CultureInfo.InvariantCulture));
        var response = await gateway.PostAsJsonAsync($"/api/channel/inboxes/{inboxId ?? InboxId}/messages", new
        {
            contact = new { source_id = contact, name = contact, phone_number = contact },
            source_id = Guid.NewGuid().ToString("N"),
            content,
        });
        var ingested = await response.ReadAsync<JsonElement>();
        return ingested.GetProperty("conversation_id").GetInt32();
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)Chat).DisposeAsync();
        await ((IAsyncLifetime)Hub).DisposeAsync();
    }

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Chat as <c>./run.sh</c> runs it, in Development, where the customer simulator is mapped.</summary>
public sealed class DevelopmentChatBrowser : ChatBrowser
{
    protected override string ChatEnvironment => "Development";
}

/// <summary>The Hub, allowed to send a signed-in user back to Chat's origin.</summary>
public sealed class HubWithChatOrigin(Uri chat) : HubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Identity:ReturnOrigins:0", chat.GetLeftPart(UriPartial.Authority));
    }
}

/// <summary>The inbox's browser specs: they share one <see cref="ChatBrowser"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ChatBrowserCollection : ICollectionFixture<ChatBrowser>
{
    public const string Name = "chat-browser";
}
