using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using VersatileHub.Agent.Memory;
using VersatileHub.Agent.Tools;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Hub.Identity;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Chat.Web;

/// <summary>What the AI agent knows, as the staff see it in the inbox: the facts it remembered and whether the bot is on.</summary>
[Collection(ChatWithAgentBrowserCollection.Name)]
public sealed class AgentInInboxTests(ChatWithAgentBrowser browser)
{
    [Fact]
    public async Task The_contact_panel_shows_what_the_bot_remembered_about_the_contact()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550101", "Hola, quiero un turno");
        var contact = await ContactOfAsync(browser.Admin, conversation);
        await browser.RememberAsync(browser.Admin.TenantId, conversation, contact, "Prefiere turnos a la mañana");
        await browser.RememberAsync(browser.Admin.TenantId, conversation, contact, "Es alérgica al látex");

        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        await Expect(page.Locator(".contact .fact .text")).ToHaveTextAsync(["Es alérgica al látex", "Prefiere turnos a la mañana"]);
        await Expect(page.Locator(".contact .agent-note")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_contact_the_bot_knows_nothing_about_says_so()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550102", "Buenas");

        var page = await browser.SignInAsync(browser.FirstAgent, locale: "en-US");
        await page.GotoAsync($"/conversations/{conversation}");

        await Expect(page.Locator(".contact")).ToContainTextAsync("The bot has not remembered anything about this contact yet.");
        await Expect(page.Locator(".contact .fact")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_inbox_says_the_bot_is_off_and_how_to_turn_it_on_until_a_profile_exists()
    {
        // An account of its own, so no other spec has given it a profile.
        var admin = await HubApi.CreateTenantWithMemberAsync(browser.Hub, "admin");
        var page = await browser.SignInAsync(admin);

        var banner = page.Locator(".bot-off");
        await Expect(banner.Locator(".reason")).ToHaveTextAsync("El bot está apagado: no hay un modelo configurado para esta cuenta.");
        await Expect(banner.Locator(".how")).ToContainTextAsync("Creá un perfil con POST /api/agent/profiles");
        await Expect(banner.Locator(".how")).Not.ToContainTextAsync("Create a profile");
        await page.GotoAsync("/?lang=en");
        await Expect(banner.Locator(".reason")).ToHaveTextAsync("The bot is off: no model is configured for this account.");
        await Expect(banner.Locator(".how")).ToContainTextAsync("How to turn it on: Create a profile with POST /api/agent/profiles");

        using var agent = browser.AgentClient(admin);
        var created = await agent.PostAsJsonAsync("/api/agent/profiles", new { name = "Principal", endpoint = "http://127.0.0.1:9/v1", model = "gpt-4o-mini" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Chat asks the Agent at most once in a while per account, so the news shows once that while has passed.
        await page.ReloadAsync();
        await Expect(banner.Locator(".reason")).ToHaveTextAsync("The bot is off: no model is configured for this account.");
        browser.ChatClock.Advance(BotStatusFreshness);
        await page.ReloadAsync();

        await Expect(page.Locator(".list h1")).ToBeVisibleAsync();
        await Expect(banner).ToHaveCountAsync(0);
    }

    private static readonly TimeSpan BotStatusFreshness = TimeSpan.FromSeconds(30);

    private async Task<int> ContactOfAsync(HubMember member, int conversation)
    {
        using var api = browser.ChatClient(member);
        var view = await (await api.GetAsync($"/api/v1/accounts/{member.TenantId}/conversations/{conversation}")).ReadAsync<JsonElement>();
        return view.GetProperty("meta").GetProperty("sender").GetProperty("id").GetInt32();
    }
}

/// <summary>The inbox specs with no Agent to reach: what the staff see when it is down.</summary>
[Collection(ChatBrowserCollection.Name)]
public sealed class AgentDownInInboxTests(ChatBrowser browser)
{
    [Fact]
    public async Task An_Agent_that_cannot_be_reached_leaves_a_note_in_the_contact_panel_and_no_bot_banner()
    {
        var conversation = await browser.ContactWritesAsync("+5491155550103", "¿Siguen abiertos?");

        var page = await browser.SignInAsync(browser.FirstAgent);
        await page.GotoAsync($"/conversations/{conversation}");

        await Expect(page.Locator(".contact .agent-note")).ToHaveTextAsync("No se pudo leer ahora lo que recuerda el bot.");
        await Expect(page.Locator(".contact .name")).ToHaveTextAsync("+5491155550103");
        await Expect(page.Locator(".bot-off")).ToHaveCountAsync(0);
        await Expect(page.Locator($".conversation[data-conversation='{conversation}']")).ToBeVisibleAsync();
    }
}

/// <summary>
/// <see cref="ChatBrowser"/> with the AI agent's service listening too, signing its callers in through the same Hub, and
/// Chat on a clock the specs step (the bot status it shows is kept for a short while).
/// </summary>
public sealed class ChatWithAgentBrowser : ChatBrowser
{
    private AgentFactory? _agent;

    public Uri AgentAddress { get; private set; } = null!;

    public FakeTimeProvider ChatClock { get; } = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? ChatTime => ChatClock;

    protected override async Task<Uri?> StartAgentAsync()
    {
        AgentAddress = new Uri($"http://127.0.0.1:{FreePort()}/");
        _agent = new AgentFactory { HubAddress = Hub.ClientOptions.BaseAddress };
        await ((IAsyncLifetime)_agent).InitializeAsync();
        _agent.UseKestrel(AgentAddress.Port);
        _agent.StartServer();
        return AgentAddress;
    }

    /// <summary>The agent's <c>remember</c> tool, as a turn in <paramref name="conversation"/> would call it.</summary>
    public async Task RememberAsync(int tenant, int conversation, int contact, string fact)
    {
        await using var scope = _agent!.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(tenant);
        var outcome = await scope.ServiceProvider.GetRequiredService<ContactMemory>()
            .RememberAsync(new ConversationScope(tenant, conversation, contact, HubCustomerId: null), fact, default);
        Assert.Equal(RememberOutcome.Remembered, outcome);
    }

    /// <summary>A client of the Agent's API carrying <paramref name="member"/>'s access token.</summary>
    public HttpClient AgentClient(HubMember member)
    {
        var client = new HttpClient { BaseAddress = AgentAddress };
        client.DefaultRequestHeaders.Add(HubApi.AccessTokenHeader, member.Client.DefaultRequestHeaders.GetValues(HubApi.AccessTokenHeader).Single());
        return client;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_agent is not null)
        {
            await ((IAsyncLifetime)_agent).DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ChatWithAgentBrowserCollection : ICollectionFixture<ChatWithAgentBrowser>
{
    public const string Name = "chat-with-agent-browser";
}
